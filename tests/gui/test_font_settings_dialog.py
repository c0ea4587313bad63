"""设置 → PDF 字体: the choice is saved, shown as what each role really uses, and used by the exports."""

from __future__ import annotations

from pathlib import Path

import pytest
from font_helpers import linux_fonts_fc, use_as_system_fonts
from pypdf import PdfReader
from PySide6.QtWidgets import QFileDialog, QMessageBox

from core.export.fonts import NO_TRUETYPE_WARNING, ROLES, _stsong_set, list_cjk_fonts
from gui import export_actions as ex
from gui import settings as keys
from gui.app import choose_font
from gui.document import ReportDocument
from gui.font_settings_dialog import AUTO, FontSettingsDialog
from gui.main_window import MainWindow
from gui.settings import Settings, font_preferences

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
ZEN_HEI = "WenQuanYi Zen Hei"  # never chosen automatically for any role (文泉驿微米黑 is the 黑体)
ZEN_HEI_PDF_NAME = "BoldOblique"  # what its stand-in is called in a PDF


@pytest.fixture(autouse=True)
def _stand_in_fonts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """This machine's fonts, as far as the dialog and the exports see: stand-ins of four Linux fonts."""
    names = ("wqy-microhei.ttf", "wqy-zenhei.ttf", "ukai-cn.ttf", "uming.ttf")
    use_as_system_fonts(monkeypatch, linux_fonts_fc(tmp_path / "fonts", names))


def zen_hei_name() -> str:
    return next(f.name for f in list_cjk_fonts() if f.family == ZEN_HEI)


def embedded_fonts(path: Path) -> set[str]:
    """BaseFont names of the PDF's fonts that carry their TrueType file."""
    found = set()
    for page in PdfReader(path).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            desc = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
            if desc is not None and "/FontFile2" in desc.get_object():
                found.add(str(font["/BaseFont"]))
    return found


def test_roles_match_core() -> None:
    assert tuple(ROLES) == keys.FONT_ROLES


def test_choice_is_saved_and_shown(settings: Settings, qtbot) -> None:
    name = zen_hei_name()
    dialog = FontSettingsDialog(settings)
    qtbot.addWidget(dialog)
    body = dialog.boxes["body"]
    assert body.itemText(0) == AUTO and body.currentIndex() == 0
    assert ZEN_HEI not in dialog.used["body"].text(), "自动 picks a 仿宋/宋-like font for the body"
    body.setCurrentIndex(body.findData(name))
    assert ZEN_HEI in dialog.used["body"].text(), "the label says what the body will really use"
    dialog.accept()
    assert settings.get(keys.PDF_FONTS["body"]) == name
    assert font_preferences(Settings(settings.path)) == {"body": name}
    again = FontSettingsDialog(settings)
    qtbot.addWidget(again)
    assert again.boxes["body"].currentData() == name
    again._on_all_auto()
    again.accept()
    assert font_preferences(settings) == {}


def test_uninstalled_choice_is_named(settings: Settings, qtbot) -> None:
    settings.set(keys.PDF_FONTS["title"], "方正小标宋简体")
    dialog = FontSettingsDialog(settings)
    qtbot.addWidget(dialog)
    assert "本机未安装" in dialog.boxes["title"].currentText()
    assert "方正小标宋" not in dialog.used["title"].text()


def export_to(window: MainWindow, kind: str, path: Path, monkeypatch: pytest.MonkeyPatch) -> Path | None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    return ex.export(window, kind)


def test_exports_use_the_chosen_font(document: ReportDocument, settings: Settings, tmp_path: Path, qtbot,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    assert export_to(window, "pdf", tmp_path / "auto.pdf", monkeypatch)
    assert not any(ZEN_HEI_PDF_NAME in f for f in embedded_fonts(tmp_path / "auto.pdf"))
    settings.set(keys.PDF_FONTS["body"], zen_hei_name())
    for kind in ("pdf", "check"):
        written = export_to(window, kind, tmp_path / f"{kind}.pdf", monkeypatch)
        assert written is not None
        assert any(ZEN_HEI_PDF_NAME in f for f in embedded_fonts(written)), kind


def test_not_embedded_fonts_are_announced(document: ReportDocument, settings: Settings, tmp_path: Path, qtbot,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    warned: list[str] = []
    monkeypatch.setattr(ex, "pdf_fonts", lambda _w: _stsong_set())
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: warned.append(text))
    assert export_to(window, "pdf", tmp_path / "st.pdf", monkeypatch)
    assert warned and NO_TRUETYPE_WARNING in warned[0]
    assert export_to(window, "xlsx", tmp_path / "x.xlsx", monkeypatch)
    assert len(warned) == 1, "Excel exports carry no PDF font warning"


def test_menu_opens_the_dialog(document: ReportDocument, settings: Settings, qtbot,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    window = MainWindow(document, settings)
    qtbot.addWidget(window)
    opened: list[FontSettingsDialog] = []
    monkeypatch.setattr(FontSettingsDialog, "exec", lambda self: opened.append(self) or 0)
    window.actions_["pdf_fonts"].trigger()
    assert len(opened) == 1


def test_font_dialog_screenshot(settings: Settings, qtbot, qapp) -> None:
    choose_font(qapp)
    dialog = FontSettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    ARTIFACTS.mkdir(exist_ok=True)
    assert dialog.grab().save(str(ARTIFACTS / "font_dialog.png"))


def test_dialog_says_when_fonts_cannot_be_embedded(settings: Settings, qtbot, qapp,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    choose_font(qapp)
    monkeypatch.setattr("gui.font_settings_dialog.find_cjk_fonts", lambda _prefs: _stsong_set())
    dialog = FontSettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.warning.isVisible() and dialog.warning.text().startswith(NO_TRUETYPE_WARNING)
    assert "未嵌入" in dialog.used["body"].text()
    assert dialog.warning.height() >= dialog.warning.heightForWidth(dialog.warning.width()), "not clipped"
    ARTIFACTS.mkdir(exist_ok=True)
    assert dialog.grab().save(str(ARTIFACTS / "font_dialog_not_embedded.png"))
