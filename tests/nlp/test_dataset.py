"""Tests of discourse.nlp.dataset: the manifest of a token dataset and what read_tokens refuses."""

from __future__ import annotations

import json
import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest

from discourse.analysis.parquet_counts import parquet_term_counts
from discourse.errors import CorpusError
from discourse.nlp.dataset import MANIFEST, read_tokens, write_manifest, write_partition
from discourse.nlp.tokens import tokens

# four short letters in the layout of Kamerstukken (own sentences)
LETTERS = pd.DataFrame(
    {
        "doc_id": ["kst-36410-12", "kst-36410-13", "kst-32847-1120", "kst-29544-1201"],
        "text": [
            "Tweede Kamer der Staten-Generaal\n\nGeachte voorzitter,\n\nHierbij informeer ik uw "
            "Kamer over de voortgang van de woningbouw in 2024. Het kabinet bouwt meer "
            "sociale huurwoningen.\n\nDe minister van Volkshuisvesting,\n\nH.M. de Jonge",
            "Tweede Kamer der Staten-Generaal\n\nGeachte voorzitter,\n\nIn deze brief ga ik in "
            "op de motie over de huurgrens. De gemeenten krijgen meer ruimte.\n\nDe minister,",
            "Geachte voorzitter,\n\nMet deze brief stuur ik u de monitor van het programma "
            "Wonen en zorg voor ouderen. Er komen 290.000 woningen voor ouderen bij.",
            "Geachte voorzitter,\n\nDe arbeidsmarkt blijft krap. Werkgevers zoeken personeel "
            "en het kabinet wil dat werken loont.\n\nDe minister van Sociale Zaken,",
        ],
        "period": pd.array(["De Jonge", "De Jonge", "Keijzer", "Van Gennip"], dtype="str"),
        "role": pd.Categorical(["government"] * 4),
    }
)
GROUPS = [["kst-36410-12", "kst-36410-13"], ["kst-32847-1120"], ["kst-29544-1201"]]


@pytest.fixture(scope="module")
def toks() -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the built-in pipeline's low-accuracy warning
        return tokens(LETTERS, pipeline="builtin", cache=False, progress=False)


@pytest.fixture
def folder(toks, tmp_path) -> Path:
    """A dataset of three parts (as parse_corpus writes it)."""
    out = tmp_path / "brieven_tokens"
    out.mkdir()
    parts = [
        write_partition(toks[toks["doc_id"].isin(docs)], out / f"part-{i:05d}.parquet")
        for i, docs in enumerate(GROUPS)
    ]
    write_manifest(out, parts, toks.attrs["pipeline"])
    return out


def test_dataset_reads_back_as_written(folder, toks) -> None:
    got = read_tokens(folder)
    pd.testing.assert_frame_equal(got, toks)
    # pandas 3: the "str" dtype; pandas 2.3 (Python 3.10 here): "str" means object
    assert got["period"].dtype == pd.Series(["x"], dtype="str").dtype
    manifest = json.loads((folder / MANIFEST).read_text())
    assert [p["file"] for p in manifest["parts"]] == [f"part-{i:05d}.parquet" for i in range(3)]
    assert [p["documents"] for p in manifest["parts"]] == GROUPS
    assert sum(p["n_rows"] for p in manifest["parts"]) == len(toks)


def test_missing_part_is_refused(folder) -> None:
    (folder / "part-00001.parquet").unlink()
    with pytest.raises(CorpusError, match=r"part-00001\.parquet is missing.*kst-32847-1120"):
        read_tokens(folder)
    with pytest.raises(CorpusError, match=r"part-00001\.parquet is missing"):
        parquet_term_counts(folder, by="period")


def test_duplicated_part_is_refused(folder) -> None:
    shutil.copy(folder / "part-00000.parquet", folder / "part-00000 (1).parquet")
    with pytest.raises(
        CorpusError, match=r"'part-00000 \(1\)\.parquet' is not a part.*copy of part-00000"
    ):
        read_tokens(folder)


def test_extra_part_is_refused(folder, toks) -> None:
    write_partition(toks[toks["doc_id"] == "kst-36410-12"], folder / "part-00003.parquet")
    with pytest.raises(CorpusError, match=r"'part-00003\.parquet' is not a part of the dataset"):
        read_tokens(folder)


@pytest.mark.parametrize("change", ["swap", "flip"])
def test_changed_part_is_refused(folder, change) -> None:
    part = folder / "part-00002.parquet"
    if change == "swap":  # another part's content under this name
        shutil.copy(folder / "part-00001.parquet", part)
    else:  # one flipped bit in the middle of the file
        data = bytearray(part.read_bytes())
        data[len(data) // 2] ^= 0x01
        part.write_bytes(bytes(data))
    with pytest.raises(CorpusError, match=r"part-00002\.parquet has changed since"):
        read_tokens(folder)
    with pytest.raises(CorpusError, match=r"part-00002\.parquet has changed since"):
        read_tokens(part)  # one file of the dataset is checked too
    # the intact parts still read
    assert list(read_tokens(folder / "part-00000.parquet")["doc_id"].unique()) == GROUPS[0]


def test_bad_manifest_is_refused(folder) -> None:
    (folder / MANIFEST).write_text("{niet: json")
    with pytest.raises(CorpusError, match=rf"{MANIFEST}.*not a valid manifest"):
        read_tokens(folder)
    (folder / MANIFEST).write_text(json.dumps({"format": "iets anders"}))
    with pytest.raises(CorpusError, match=rf"{MANIFEST}.*not a valid manifest"):
        read_tokens(folder)


def test_dataset_without_manifest_is_read_with_a_warning(folder, toks) -> None:
    """A dataset written before manifests existed: read, with a warning that says why."""
    (folder / MANIFEST).unlink()
    with pytest.warns(UserWarning, match=r"no manifest.*cannot check.*parse_corpus"):
        got = read_tokens(folder)
    pd.testing.assert_frame_equal(got, toks)
