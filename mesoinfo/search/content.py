"""The search app's content: the synonyms of `content/synonyms.toml`, one list per language."""

from mesoinfo.editorial.content import Loader, fingerprint
from mesoinfo.search.models import Synonym


class SynonymLoader(Loader):
    def load(self):
        for code, entries in self.read_if_exists("synonyms.toml").items():
            for data in entries:
                key = {"language": code, "phrase": data["phrase"]}
                values = {"alternatives": ", ".join(data["alternatives"])}
                self.apply(
                    Synonym,
                    key,
                    f"synonym {code}/{data['phrase']}",
                    values,
                    (),
                    lambda obj, related=(): fingerprint(obj, ("language", "phrase", "alternatives"), related),
                )
