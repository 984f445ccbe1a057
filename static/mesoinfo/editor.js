/* MésoInfo's tools in the rich-text editor: an ES module that django-prose-editor's "configurable" preset loads
   (see mesoinfo/editorial/editor.py). It replaces two of the editor's tools:
   - the Image button: send an image from the computer, or pick one already sent for this page, and place it
     at the cursor as a figure with its alternative text, caption and credit. The server checks and stores
     the image at once (so it survives an error elsewhere in the form); the text then holds the figure.
   - the link dialog, whose title and button say what it does (insert a link, or change it).
   A static file, as the admin's Content-Security-Policy requires: no inline script or style. */
import {
  Figure as BaseFigure,
  Link as BaseLink,
  canInsertNode,
  crel,
  updateAttrsDialog,
} from "django-prose-editor/editor"

const _ = (text) => (window.gettext ? window.gettext(text) : text)
const format = (text, values) =>
  window.interpolate ? window.interpolate(text, values, true) : text.replace(/%\((\w+)\)s/g, (_m, key) => values[key])

const csrfToken = () => document.querySelector("input[name=csrfmiddlewaretoken]")?.value || ""

/* The figure around the selection (or selected), as {pos, node, image, caption}, or null. */
function selectedFigure(state) {
  const { $from } = state.selection
  for (let depth = $from.depth; depth > 0; depth--) {
    const node = $from.node(depth)
    if (node.type.name === "figure") {
      return figureAt(node, $from.before(depth))
    }
  }
  const node = state.selection.node
  return node?.type.name === "figure" ? figureAt(node, state.selection.from) : null
}

function figureAt(node, pos) {
  let image = null
  let caption = null
  node.forEach((child, offset) => {
    if (child.type.name === "image") image = { node: child, pos: pos + 1 + offset }
    if (child.type.name === "caption") caption = { node: child, pos: pos + 1 + offset }
  })
  return { pos, node, image, caption }
}

/* The addresses of the images the text already shows: the server lists those not yet attached to a page. */
function imagesInText(editor) {
  const sources = []
  editor.state.doc.descendants((node) => {
    if (node.type.name === "image" && node.attrs.src) sources.push(node.attrs.src)
  })
  return sources
}

function field(name, label, options = {}) {
  const id = `mesoinfo-image-${name}-${Math.random().toString(36).slice(2, 8)}`
  const input = crel("input", {
    id,
    name,
    type: "text",
    maxLength: options.maxLength || 250,
    required: !!options.required,
    value: options.value || "",
  })
  const labelElement = crel("label", { htmlFor: id }, [
    label,
    crel("span", {
      className: options.required ? "dialog-required" : "dialog-optional",
      textContent: options.required ? ` (${_("required")})` : ` (${_("optional")})`,
    }),
  ])
  const children = [labelElement]
  if (options.help) {
    const help = crel("span", { className: "prose-editor-help", id: `${id}-help`, textContent: options.help })
    input.setAttribute("aria-describedby", help.id)
    children.push(help)
  }
  const error = crel("p", { className: "dialog-error", role: "alert" })
  error.dataset.for = name
  children.push(input, error)
  return { element: crel("div", { className: "prose-editor-dialog-field" }, children), input }
}

async function postForm(url, data) {
  const response = await fetch(url, {
    method: "POST",
    body: data,
    credentials: "same-origin",
    headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
  })
  let payload = {}
  try {
    payload = await response.json()
  } catch {
    payload = {}
  }
  if (!response.ok) {
    const errors = payload.errors || {
      __all__: [
        response.status === 413
          ? _("This image is too heavy for the server. Reduce it before sending it.")
          : _("The image could not be saved. Try again; if it happens again, reload the page."),
      ],
    }
    throw errors
  }
  return payload.image
}

function openImageDialog(editor, options, figure) {
  const library = options.images
  const languages = options.languages || []
  const editing = languages.find((language) => language.code === options.language) || languages[0]
  const others = languages.filter((language) => language !== editing)
  const current = figure?.image?.node.attrs || null

  const title = crel("h3", {
    className: "prose-editor-dialog-title",
    textContent: figure ? _("Image: change or replace") : _("Insert an image"),
  })
  const fileId = `mesoinfo-image-file-${Math.random().toString(36).slice(2, 8)}`
  const file = crel("input", {
    id: fileId,
    name: "image",
    type: "file",
    accept: "image/jpeg,image/png,image/webp",
  })
  const fileHelp = crel("span", {
    className: "prose-editor-help",
    textContent: _("JPEG, PNG or WebP, at most 10 MB and 24 megapixels. Location and camera data are removed."),
  })
  const fileError = crel("p", { className: "dialog-error", role: "alert" })
  fileError.dataset.for = "image"
  const choices = crel("ul", { className: "image-choices" })
  const libraryBlock = crel("div", { className: "image-library", hidden: true }, [
    crel("p", { textContent: _("Or take an image already sent for this page:") }),
    choices,
  ])
  // The browser's own file button speaks the browser's language: a French button stands in for it.
  const chosenFile = crel("span", { className: "chosen-file", textContent: _("No image chosen yet") })
  const chooser = crel("fieldset", { className: "image-source" }, [
    crel("legend", { textContent: figure ? _("Replace the image (optional)") : _("Image") }),
    fileHelp,
    crel("div", { className: "file-picker" }, [
      file,
      crel("label", { htmlFor: fileId, className: "file-button", textContent: _("Choose an image on the computer…") }),
      chosenFile,
    ]),
    fileError,
    libraryBlock,
  ])

  const alts = {}
  const altFields = [editing, ...others].map((language) => {
    const isEditing = language === editing
    const made = field(`alt_${language.code}`, format(_("Alternative text (%(language)s)"), { language: language.name }), {
      required: isEditing,
      help: isEditing
        ? _("What the image shows, for people who cannot see it (read aloud by screen readers).")
        : _("Can wait: left empty, it joins the translations to do."),
    })
    alts[language.code] = made.input
    return made.element
  })
  const caption = figure?.caption
    ? null
    : field("caption", format(_("Caption (%(language)s)"), { language: editing.name }), {
        maxLength: 300,
        help: _("Shown under the image. You can also write it under the image, in the text."),
      })
  const credit = field("credit", _("Credit and licence"), {
    required: true,
    maxLength: 200,
    help: _("Author and licence, e.g. “Photo: Jeanne Martin, CC BY 4.0” or “Clinic photo, all rights reserved”."),
  })
  const generalError = crel("p", { className: "dialog-error", role: "alert" })
  generalError.dataset.for = "__all__"
  const submit = crel("button", {
    type: "submit",
    className: "default",
    textContent: figure ? _("Apply") : _("Insert the image"),
  })
  const cancel = crel("button", { type: "button", textContent: _("Cancel") })
  const buttons = [submit]
  let remove = null
  if (figure) {
    remove = crel("button", { type: "button", className: "dialog-remove", textContent: _("Remove from the text") })
    buttons.push(remove)
  }
  buttons.push(cancel)

  const form = crel("form", { className: "mesoinfo-image-form" }, [
    title,
    chooser,
    ...altFields,
    ...(caption ? [caption.element] : []),
    credit.element,
    generalError,
    crel("div", { className: "prose-editor-dialog-buttons" }, buttons),
  ])
  const dialog = crel("dialog", { className: "prose-editor-dialog mesoinfo-image-dialog" }, [form])
  title.id = `${fileId}-title`
  dialog.setAttribute("aria-labelledby", title.id)
  const wrapper = crel("div", {}, [dialog])
  editor.view.dom.parentElement.append(wrapper)

  let images = []
  let chosen = null // an image of the library, picked or the one the figure shows

  function fill(image) {
    for (const language of languages) {
      const value = image.alt[language.code] || ""
      if (value || !alts[language.code].value) alts[language.code].value = value
    }
    if (image.credit) credit.input.value = image.credit
  }

  function pick(image) {
    chosen = image
    file.value = ""
    chosenFile.textContent = _("No image chosen yet")
    fill(image)
  }

  file.addEventListener("change", () => {
    chosenFile.textContent = file.files.length ? file.files[0].name : _("No image chosen yet")
    if (file.files.length) {
      chosen = null
      for (const radio of choices.querySelectorAll("input[type=radio]")) radio.checked = false
    }
  })

  function showLibrary() {
    choices.textContent = ""
    for (const image of images) {
      const radio = crel("input", { type: "radio", name: "existing", value: String(image.id) })
      const alt = image.alt[editing.code] || Object.values(image.alt).find(Boolean) || ""
      const label = crel("label", {}, [
        radio,
        crel("img", { src: image.thumbnail, alt: "", width: 96 }),
        crel("span", { textContent: alt || _("(no description yet)") }),
      ])
      radio.addEventListener("change", () => pick(image))
      if (current && image.addresses.includes(current.src)) {
        radio.checked = true
        chosen = image
      }
      choices.append(crel("li", {}, [label]))
    }
    libraryBlock.hidden = images.length === 0
    if (chosen) fill(chosen)
  }

  const query = new URLSearchParams()
  for (const src of imagesInText(editor)) query.append("src", src)
  const separator = library.list.includes("?") ? "&" : "?"
  fetch(`${library.list}${separator}${query}`, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then((response) => (response.ok ? response.json() : { images: [] }))
    .then((payload) => {
      images = payload.images || []
      showLibrary()
    })
    .catch(() => {})
  if (current?.alt && alts[editing.code]) alts[editing.code].value = current.alt

  function showErrors(errors) {
    for (const element of form.querySelectorAll(".dialog-error")) element.textContent = ""
    let first = null
    for (const [name, messages] of Object.entries(errors)) {
      const target = form.querySelector(`.dialog-error[data-for="${name}"]`) || generalError
      target.textContent = messages.join(" ")
      first = first || target
    }
    first?.scrollIntoView({ block: "nearest" })
  }

  function close() {
    dialog.close()
  }
  dialog.addEventListener("close", () => wrapper.remove())
  cancel.addEventListener("click", close)

  remove?.addEventListener("click", () => {
    editor.chain().focus().setNodeSelection(figure.pos).deleteSelection().run()
    close()
  })

  form.addEventListener("submit", async (event) => {
    // This form lives inside the admin's form: its submission must not reach the admin's.
    event.preventDefault()
    event.stopPropagation()
    showErrors({})
    if (!file.files.length && !chosen) {
      showErrors({ image: [_("Choose an image on the computer, or one already sent for this page.")] })
      return
    }
    if (!form.reportValidity()) return
    const data = new FormData()
    data.append("language", editing.code)
    for (const language of languages) data.append(`alt_${language.code}`, alts[language.code].value.trim())
    data.append("credit", credit.input.value.trim())
    submit.disabled = true
    const label = submit.textContent
    submit.textContent = file.files.length ? _("Sending the image…") : _("Saving…")
    let image
    try {
      if (file.files.length) {
        data.append("image", file.files[0])
        image = await postForm(library.send, data)
        images.push(image)
      } else {
        image = await postForm(chosen.describe, data)
      }
    } catch (errors) {
      showErrors(errors instanceof Error ? { __all__: [errors.message] } : errors)
      submit.disabled = false
      submit.textContent = label
      return
    }
    const attrs = {
      src: image.src,
      alt: image.alt[editing.code],
      width: image.width,
      height: image.height,
    }
    const captionText = caption?.input.value.trim()
    if (figure) {
      let chain = editor.chain().focus().setNodeSelection(figure.image.pos).updateAttributes("image", attrs)
      if (captionText) {
        chain = chain.command(({ tr, state }) => {
          tr.insert(
            figure.image.pos + figure.image.node.nodeSize,
            state.schema.nodes.caption.create({}, state.schema.text(captionText)),
          )
          return true
        })
      }
      chain.run()
    } else {
      const content = [{ type: "image", attrs }]
      if (captionText) content.push({ type: "caption", content: [{ type: "text", text: captionText }] })
      editor.chain().focus().insertContent({ type: "figure", content }).run()
    }
    close()
  })

  dialog.showModal()
}

export const Figure = BaseFigure.extend({
  addOptions() {
    return { ...this.parent?.(), images: null, language: null, languages: [] }
  },

  addCommands() {
    return {
      ...this.parent?.(),
      editImage:
        () =>
        ({ editor, state, dispatch }) => {
          if (!this.options.images) return false
          const figure = selectedFigure(state)
          if (!dispatch) return !!figure || canInsertNode(state, state.schema.nodes[this.name])
          openImageDialog(editor, this.options, figure)
          return true
        },
      insertFigure:
        () =>
        ({ commands }) =>
          commands.editImage(),
    }
  },

  addMenuItems({ menu }) {
    const images = this.options.images
    const button = crel(
      "button",
      {
        type: "button",
        className: "prose-menubar__button mesoinfo-image-button",
        title: _("Insert an image at the cursor, or change the selected one"),
      },
      [
        crel("span", { className: "material-icons", textContent: "image", "aria-hidden": "true" }),
        crel("span", { className: "button-text", textContent: _("Image") }),
      ],
    )
    menu.defineItem({
      name: "figure",
      groups: "nodes",
      button,
      command(editor) {
        editor.chain().editImage().run()
      },
      active(editor) {
        return editor.isActive("figure")
      },
      enabled(editor) {
        return editor.can().editImage()
      },
      hidden() {
        return !images
      },
    })
  },
})

export const Link = BaseLink.extend({
  addCommands() {
    return {
      ...this.parent?.(),
      addLink:
        () =>
        ({ editor }) => {
          const changing = editor.isActive(this.name)
          if (editor.state.selection.empty && !changing) return false
          const attrs = editor.getAttributes(this.name)
          const properties = {
            href: {
              type: "string",
              title: _("Address of the page or site"),
              description: _("For example https://www.has-sante.fr/ or /faq/ for a page of this site."),
              required: true,
            },
            title: {
              type: "string",
              title: _("Text shown on hover (optional)"),
            },
          }
          updateAttrsDialog(properties, {
            title: changing ? _("Change the link") : _("Insert a link"),
            submitText: changing ? _("Update the link") : _("Insert the link"),
          })(editor, { href: attrs.href || "", title: attrs.title || "" }).then((values) => {
            if (!values) return
            const href = values.href.trim()
            if (!href) return
            const next = { href, title: values.title.trim() || null }
            if (changing) {
              editor.chain().focus().extendMarkRange(this.name).updateAttributes(this.name, next).run()
            } else {
              editor.chain().focus().setMark(this.name, next).run()
            }
          })
          return true
        },
    }
  },
})
