"""The ways each journey is taken: desktop and phone, English and Simplified Chinese, and once without JavaScript."""

from dataclasses import dataclass

PASSWORD = "browser journeys' passphrase 2026"


@dataclass(frozen=True)
class Variant:
    key: str
    width: int
    height: int
    language: str  # Django's language code
    javascript: bool = True

    @property
    def phone(self) -> bool:
        return self.width < 600


VARIANTS = {
    variant.key: variant
    for variant in (
        Variant("desktop-en", 1280, 800, "en"),
        Variant("phone-en", 360, 740, "en"),
        Variant("desktop-zh", 1280, 800, "zh-hans"),
        Variant("phone-zh", 360, 740, "zh-hans"),
        Variant("nojs-en", 1280, 800, "en", javascript=False),
    )
}
