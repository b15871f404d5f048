"""A coding widget: one unit of a coding sheet at a time, coded positive/neutral/negative.

:func:`coding_widget` shows the text of one unit of a sheet from
:func:`discourse.validation_sample` with three buttons; a click stores the label (and the
coder's name), writes the whole sheet to a CSV file at once (so nothing is lost when the
kernel stops) and moves on to the next uncoded unit. Opening the widget again on the same
file resumes where it stopped. The CSV is what :func:`discourse.validate` reads.
"""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as w
import pandas as pd

from discourse._validate import Instance, Table, validate_params
from discourse.analysis.coding import coded_labels, unit_ids
from discourse.analysis.summaries import TONES
from discourse.errors import CorpusError

__all__ = ["CodingWidget", "coding_widget"]

#: Button captions of the three tones.
CAPTIONS = {"positive": "positive (+)", "neutral": "neutral (0)", "negative": "negative (−)"}


class CodingWidget(w.VBox):
    """The coding widget: ``sheet`` (the coded sheet so far), ``position`` (the unit
    shown), ``buttons`` (one per tone), ``back``/``skip`` and the ``text`` shown."""

    def __init__(self, sheet: pd.DataFrame, path: Path, coder: str) -> None:
        self.sheet, self.path, self.coder = sheet, path, coder
        self.position = 0
        self.text = w.HTML()
        self.status = w.HTML()
        self.buttons = {t: w.Button(description=CAPTIONS[t]) for t in TONES}
        for tone, button in self.buttons.items():
            button.on_click(lambda _b, tone=tone: self.code(tone))
        self.back = w.Button(description="← back")
        self.skip = w.Button(description="skip →")
        self.back.on_click(lambda _b: self.show(self.position - 1))
        self.skip.on_click(lambda _b: self.show(self.position + 1))
        row = [self.buttons["negative"], self.buttons["neutral"], self.buttons["positive"]]
        super().__init__([self.status, self.text, w.HBox(row), w.HBox([self.back, self.skip])])
        self.add_class("discourse-widget")
        self.add_class("discourse-coding")
        self.show(self._next_uncoded(0))

    def _next_uncoded(self, start: int) -> int:
        todo = [i for i in range(len(self.sheet)) if not self.sheet.at[i, "label"]]
        later = [i for i in todo if i >= start]
        return (later or todo or [start])[0]

    def show(self, position: int) -> None:
        """Show unit ``position`` (clamped to the sheet)."""
        self.position = max(0, min(position, len(self.sheet) - 1))
        row = self.sheet.iloc[self.position] if len(self.sheet) else None
        done = int((self.sheet["label"] != "").sum())
        ids = ", ".join(f"{c} {row[c]}" for c in unit_ids(self.sheet)) if row is not None else ""
        label = row["label"] if row is not None and row["label"] else "not coded"
        self.status.value = (
            f"<b>unit {self.position + 1} of {len(self.sheet)}</b> · {done} coded · "
            f"{html.escape(ids)} · this unit: {html.escape(label)} · saved to "
            f"<code>{html.escape(str(self.path))}</code>"
        )
        text = "" if row is None else str(row["text"])
        self.text.value = f"<p style='font-size:1.15em;max-width:60em'>{html.escape(text)}</p>"

    def code(self, tone: str) -> None:
        """Label the unit shown with ``tone``, save the sheet and show the next uncoded unit."""
        if not len(self.sheet):
            return
        self.sheet.at[self.position, "label"] = tone
        self.sheet.at[self.position, "coder"] = self.coder
        self.sheet.to_csv(self.path, index=False)
        self.show(self._next_uncoded(self.position + 1))


def _resume(sheet: pd.DataFrame, path: Path) -> pd.DataFrame:
    """The sheet with the labels already saved at ``path`` (same units, same order)."""
    saved = pd.read_csv(path, keep_default_na=False, dtype=str)
    ids = unit_ids(sheet)
    same = len(saved) == len(sheet) and all(
        c in saved and saved[c].tolist() == sheet[c].astype(str).tolist() for c in ids
    )
    if not same:
        raise CorpusError(
            f"coding_widget(): {path} holds another sheet (its units differ); give a new path"
        )
    coded_labels(saved)  # its labels are valid
    return sheet.assign(label=saved["label"].tolist(), coder=saved["coder"].tolist())


@validate_params(
    sheet=Table(),
    path=Instance(str, Path, label="the path of the CSV file to save to"),
    coder=Instance(str, label="the coder's name or initials"),
)
def coding_widget(sheet: pd.DataFrame, path: str | Path, *, coder: str = "") -> CodingWidget:
    """Code a sheet in JupyterLab: one unit at a time, negative / neutral / positive.

    Parameters
    ----------
    sheet
        A coding sheet from :func:`discourse.validation_sample` (id columns, ``text``,
        ``label``, ``coder``).
    path
        CSV file the sheet is written to after every click. If it exists and holds the
        same units, its labels are loaded and coding resumes at the first uncoded unit.
    coder
        Stored in the ``coder`` column of every unit this coder labels (several coders:
        one file each; :func:`discourse.validate` takes them concatenated).

    Returns
    -------
    CodingWidget
        Display it in a cell; ``widget.sheet`` is the coded sheet so far.
    """
    if "text" not in sheet or not unit_ids(sheet):
        raise CorpusError("coding_widget(): sheet needs doc_id and text columns (a coding sheet)")
    sheet = sheet.reset_index(drop=True).copy()
    for column in ("label", "coder"):
        sheet[column] = sheet[column].fillna("").astype(str) if column in sheet else ""
    path = Path(path)
    if path.exists():
        sheet = _resume(sheet, path)
    return CodingWidget(sheet, path, coder)
