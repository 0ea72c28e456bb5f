"""i18n.py: the language a name's glyphs want."""

from __future__ import annotations

from fontTools.unicodedata import script
from hypothesis import given
from hypothesis import strategies as st

from letterpdf.base.text import text_lang


def _by_script(text: str) -> str:
    scripts = {script(c) for c in text}
    return "ja" if scripts & {"Hira", "Kana"} else "ko" if "Hang" in scripts else ""


@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=20))
def test_text_lang_follows_fonttools_scripts(text: str) -> None:
    assert text_lang(text) == _by_script(text)


def test_text_lang() -> None:
    assert text_lang("日本ネットワーク") == "ja"
    assert text_lang("한국 네트워크 ｶﾅ") == "ja"
    assert text_lang("한국 네트워크") == "ko"
    assert text_lang("中国网络 Réseau") == ""
