"""Tests for discourse.corpus.clean: every rule on the real seed lines where the artefact occurs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from discourse.corpus.clean import clean_text
from discourse.corpus.footnotes import (
    extract_footnote_blocks,
    extract_url_lines,
    extract_word_footnotes,
)
from discourse.corpus.lines import attach_ordinal_suffixes, join_lines
from discourse.corpus.markers import remove_footnote_markers
from discourse.corpus.normalize import normalize_characters, normalize_whitespace
from discourse.corpus.pages import move_page_numbers
from discourse.errors import CorpusError
from discourse.paths import data_dir

SEEDS = {
    "000": "2024-11_veldkamp_verkiezingen_vs.txt",
    "001": "2018-07_blok_bondgenoten_in_onzekere_tijden.txt",
    "002": "2025-03_veldkamp_antwoorden_amerikastrategie.txt",
    "003": "2025-04_veldkamp_verslag_wrr_wereldorde.txt",
    "004": "2026-01_van_weel_eu_geopolitieke_speler.txt",
}


def raw(seed: str) -> str:
    return (data_dir() / "letters" / SEEDS[seed]).read_text(encoding="utf-8")


def quoted(seed: str, snippet: str) -> str:
    """Return ``snippet`` after checking it is a verbatim excerpt of the seed."""
    assert snippet in raw(seed), f"test snippet is not in seed {seed}"
    return snippet


# --- hard wraps, paragraphs and page breaks ---------------------------------------------


def test_hard_wraps_join_and_space_line_breaks_paragraph() -> None:
    text = quoted(
        "000",
        "Nederland. \n \nVerkiezingen VS 2024 en regering Trump \n"
        "Op 5 november jl. vonden verkiezingen plaats in de Verenigde \n"
        "Staten (VS). Donald J. Trump heeft de verkiezingen gewonnen en de \n"
        "Republikeinen hebben de meerderheid in de Senaat en in het Huis \n",
    )
    assert join_lines(text.split("\n")) == [
        "Nederland.",
        "Verkiezingen VS 2024 en regering Trump",
        "Op 5 november jl. vonden verkiezingen plaats in de Verenigde Staten (VS). Donald J. "
        "Trump heeft de verkiezingen gewonnen en de Republikeinen hebben de meerderheid in de "
        "Senaat en in het Huis",
    ]


def test_page_break_inside_sentence_is_bridged() -> None:
    text = quoted(
        "000",
        "van de goede betrekkingen tussen Nederland en de VS, en waar \n\n\n\n \n\n \n\n"
        "mogelijk het versterken hiervan. Het is belangrijk om goede relaties \n",
    )
    assert join_lines(text.split("\n")) == [
        "van de goede betrekkingen tussen Nederland en de VS, en waar mogelijk het "
        "versterken hiervan. Het is belangrijk om goede relaties"
    ]


def test_page_start_line_with_leading_space_continues_sentence() -> None:
    text = quoted(
        "003",
        "Nederlandse diplomatie met 10 procent te verminderen. Deze leden vinden deze keuze \n"
        " bestuurlijk onverantwoord. Nu onze belangrijkste bondgenoot",
    )
    assert join_lines(text.split("\n")) == [
        "Nederlandse diplomatie met 10 procent te verminderen. Deze leden vinden deze keuze "
        "bestuurlijk onverantwoord. Nu onze belangrijkste bondgenoot"
    ]


def test_page_start_after_finished_sentence_starts_new_paragraph() -> None:
    lines = raw("003").split("\n")
    i = lines.index("bedrijven, inclusief midden- en kleinbedrijf, blijft centraal staan.")
    paragraphs = join_lines(lines[i - 2 : i + 3])
    assert paragraphs[0].endswith("blijft centraal staan.")
    assert paragraphs[1].startswith("De voornoemde leden vragen voorts")


def test_blank_line_inside_sentence_is_bridged() -> None:
    text = quoted(
        "003",
        "Het Geopolitieke en Weerbaarheidsberaad, in lijn met de motie Brekelmans en "
        "Veldkamp,7\n\nbeoogt om het maatschappelijk middenveld",
    )
    assert join_lines(text.split("\n")) == [
        "Het Geopolitieke en Weerbaarheidsberaad, in lijn met de motie Brekelmans en "
        "Veldkamp,7 beoogt om het maatschappelijk middenveld"
    ]


# --- line-final hyphens -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seed", "snippet", "expected"),
    [
        (
            "004",
            "private investeringen in de Europese defensie-\nindustrie.2 Versterken",
            "private investeringen in de Europese defensie-industrie.2 Versterken",
        ),
        (
            "003",
            "vast aan de eisen voor lidmaatschap van de EU, inclusief de zogenoemde Kopenhagen-"
            "\ncriteria. ",
            "vast aan de eisen voor lidmaatschap van de EU, inclusief de zogenoemde "
            "Kopenhagen-criteria.",
        ),
        (
            "003",
            "Het kabinet blijft zich inzetten voor die eenheid via actieve Europa-\ndiplomatie.",
            "Het kabinet blijft zich inzetten voor die eenheid via actieve Europa-diplomatie.",
        ),
        (
            "003",
            "Zo richten we ons wat economische belangen betreft op stabiele lage- \n"
            "en middeninkomenslanden en",
            "Zo richten we ons wat economische belangen betreft op stabiele lage- en "
            "middeninkomenslanden en",
        ),
    ],
)
def test_line_final_hyphen_is_kept(seed: str, snippet: str, expected: str) -> None:
    assert join_lines(quoted(seed, snippet).split("\n")) == [expected]


# --- footnote markers and bodies ----------------------------------------------------------


def test_marker_glued_to_word_without_body_is_kept_and_reported() -> None:
    """Seed 000 has no footnote body for "Agenda1": no proof, so the number stays."""
    text = quoted("000", "Over mijn inzet bent u geïnformeerd in de Geannoteerde Agenda1 \n")
    result = clean_text(text)
    assert result.text == "Over mijn inzet bent u geïnformeerd in de Geannoteerde Agenda1"
    assert [(a.action, a.what) for a in result.actions] == [("kept", "footnote_marker")]
    assert "Agenda1" in result.actions[0].example


def test_markers_glued_to_words_are_removed_in_order() -> None:
    text = quoted("003", "de Rabobank4, het CPB5 en DNB6 dat er sprake kan zijn")
    assert remove_footnote_markers(text, n_footnotes=6) == (
        "de Rabobank, het CPB en DNB dat er sprake kan zijn"
    )


def test_marker_after_punctuation_is_removed() -> None:
    text = quoted(
        "004",
        "Ook kan de verdieping en integratie van de Europese kapitaalmarkt en een bijdrage \n"
        "leveren aan het vergroten van private investeringen in de Europese defensie-\n"
        "industrie.2 Versterken van militaire capaciteit",
    )
    body = "\n\n1 Bijlage\n2 Kamerstuk 21 501-07 nr. 2099 \n"
    result = clean_text(text + body)
    assert "Europese defensie-industrie. Versterken van militaire capaciteit" in result.text
    assert result.footnotes == ["1 Bijlage", "2 Kamerstuk 21 501-07 nr. 2099"]


def test_marker_glued_to_year_is_removed_and_spaced_number_is_kept() -> None:
    result = clean_text(raw("003"))
    assert quoted("003", "Trendanalyse \nNationale Veiligheid uit juni 202413 en")
    assert "Trendanalyse Nationale Veiligheid uit juni 2024 en" in result.text
    # a number between spaces may be a real number: kept, and reported as a candidate
    assert quoted("003", "daaropvolgende Voortgangsbrief 20 is uw Kamer")
    assert "daaropvolgende Voortgangsbrief 20 is uw Kamer" in result.text
    kept = [a.example for a in result.actions if a.action == "kept"]
    assert any("Voortgangsbrief 20 is" in example for example in kept)
    assert quoted("003", "Kamerstuk 30821, nr. 230.")
    # real numbers stay: "op 1 juli 2024" comes before marker 1 ("Regeerprogramma1")
    assert "het op 1 juli 2024 gepubliceerde rapport" in result.text
    assert "Conform het Regeerprogramma focust" in result.text


def test_footnote_bodies_at_page_break_are_moved_out() -> None:
    markers = quoted(
        "003",
        "belangen. Conform het Regeerprogramma1 focust het kabinet het ontwikkelingshulpbeleid ",
    )
    text = quoted(
        "003",
        "heeft het kabinet aangegeven dat we niet in alle landen met een hulprelatie dezelfde \n"
        "\n1 Kamerstuk 36471, nr. 96.\n2 Kamerstuk 36 600 XVII, Nr. 53.\n"
        " belangen nastreven.",
    )
    lines, notes = extract_footnote_blocks([markers, *text.split("\n")])
    assert notes == ["1 Kamerstuk 36471, nr. 96.", "2 Kamerstuk 36 600 XVII, Nr. 53."]
    assert join_lines(lines[1:]) == [
        "heeft het kabinet aangegeven dat we niet in alle landen met een hulprelatie "
        "dezelfde belangen nastreven."
    ]
    # without a marker in the text before them, the numbered lines are text
    lines, notes = extract_footnote_blocks(text.split("\n"))
    assert notes == [] and lines == text.split("\n")


def test_footnote_bodies_in_the_middle_of_a_sentence() -> None:
    result = clean_text(raw("004"))
    assert (
        "van de financiële en institutionele slagkracht van de instellingen, zonder dat alle "
        "EU lidstaten daaraan meedoen. Goede voorbeelden"
    ) in result.text
    assert result.footnotes[5:] == [
        "6 Motie Hoogeveen c.s. 21 501-20, nr. 2344",
        "7 Binnen het volgende meerjarig financieel kader (MFK) vormt het Global "
        "Europe-instrument een belangrijk onderdeel van deze toolbox. Het instrument richt zich "
        "onder meer op het versterken van economische relaties, stabiliteit en het "
        "investeringsklimaat in partnerlanden.",
        "8 Nederland, Europa en het mondiale Zuiden in een veranderende wereldorde | "
        "Adviesraad Internationale Vraagstukken",
        "9 Kamerstuk 21501-20-2360",
        "https://www.adviesraadinternationalevraagstukken.nl/documenten/2025/09/10/"
        "nederland-europa-en-het-mondiale-zuiden",
    ]


def test_url_split_over_lines_is_joined_in_footnote() -> None:
    text = quoted(
        "003",
        "4 https://www.rabobank.nl/kennis/d011446084-trump-versus-harris-de-impact-van-de-"
        "amerikaanse-verkiezingsuitslag-op-de-\nnederlandse-economie\n"
        "5 https://www.cpb.nl/effect-van-amerikaanse-invoertarieven-op-de-nederlandse-en-"
        "europese-economie\n",
    )
    _, notes = extract_footnote_blocks(["Tekst.4", "", "1 a", "2 b", "3 c", *text.split("\n")])
    assert notes[3] == (
        "4 https://www.rabobank.nl/kennis/d011446084-trump-versus-harris-de-impact-van-de-"
        "amerikaanse-verkiezingsuitslag-op-de-nederlandse-economie"
    )
    assert notes[4].startswith("5 https://www.cpb.nl/")


def test_text_after_a_complete_url_is_not_swallowed_by_the_footnote() -> None:
    lines = raw("003").split("\n")
    i = lines.index("Overig")
    head = ["Tekst.1", ""] + [f"{n} x" for n in range(1, 29)]
    _, notes = extract_footnote_blocks([*head, "", *lines[i - 12 : i + 2]])
    assert notes[-1].endswith("regie-en-visie~b81ec756/")
    assert "Overig" in clean_text(raw("003")).text.split("\n\n")


def test_repeated_url_lines_are_kept_once_as_footnote() -> None:
    url = (
        "https://www.adviesraadinternationalevraagstukken.nl/documenten/2025/09/10/"
        "nederland-europa-en-het-mondiale-zuiden"
    )
    text = quoted("004", f"\n{url}\n{url}\n slagkracht van de instellingen")
    lines, urls = extract_url_lines(text.split("\n"))
    assert urls == [url]
    assert [line for line in lines if line.strip()] == [" slagkracht van de instellingen"]


def test_page_number_below_footnotes_is_moved() -> None:
    text = quoted("003", "20 Kamerstuk 30821, nr. 230.\n\n14\n\n\n\nweerbaar kunnen maken")
    before = text.split("\n")
    after = ["", *before[1:]]  # the footnote body taken out
    lines, numbers = move_page_numbers(after, before=before)
    assert lines[2] == "" and numbers == ["14"]
    assert clean_text(raw("003")).furniture == ["14"]


def test_word_export_footnotes() -> None:
    text = quoted(
        "002",
        "strategie tegenover beide landen niet kan ontbreken[footnoteRef:1]?\n"
        " [1: Kamerstuk\u00a033 694, nr. 16\n Kamerstuk\u00a033 694, nr. 37\n] \n",
    )
    body, notes = extract_word_footnotes(normalize_whitespace(text))
    assert body.split("\n")[0].endswith("niet kan ontbreken?")
    assert notes == ["1 Kamerstuk 33 694, nr. 16 Kamerstuk 33 694, nr. 37"]
    second = quoted(
        "002",
        "zoals eerder met uw Kamer gedeeld[footnoteRef:2] blijft onverminderd staan.\n"
        " [2:  Kamerstuk 21501-02 nr. 2976] \n",
    )
    result = clean_text(second)
    assert result.text == "zoals eerder met uw Kamer gedeeld blijft onverminderd staan."
    assert result.footnotes == ["2 Kamerstuk 21501-02 nr. 2976"]


# --- ordinal suffixes, spaces, typos --------------------------------------------------------


def test_lone_superscript_suffix_line_is_attached() -> None:
    first = quoted("001", " \ne\nMet het aantreden van Donald Trump als 45 president van de VS is")
    assert attach_ordinal_suffixes(first.split("\n"))[1] == (
        "Met het aantreden van Donald Trump als 45e president van de VS is"
    )
    second = quoted(
        "001",
        "Een belangrijke \ne\nillustratie daarvan is de 75 herdenking van D-Day die in 2019",
    )
    assert clean_text(second).text.endswith(
        "Een belangrijke illustratie daarvan is de 75e herdenking van D-Day die in 2019"
    )


def test_no_break_spaces_become_spaces() -> None:
    text = quoted(
        "002",
        "Bent u bereid om een Amerikastrategie, naar voorbeeld van de al bestaande "
        "Chinastrategie en Ruslandstrategie,\u00a0op\u00a0te\u00a0stellen?",
    )
    assert clean_text("Vraag 2\u00a0\n" + text).text == (
        "Vraag 2\n\nBent u bereid om een Amerikastrategie, naar voorbeeld van de al bestaande "
        "Chinastrategie en Ruslandstrategie, op te stellen?"
    )


def test_double_spaces_collapse() -> None:
    text = quoted("000", "als  multilateraal verband")
    assert clean_text(text).text == "als multilateraal verband"


def test_source_typos_are_kept() -> None:
    assert "3 Hoofdstukken, bijalge bij Kamerstuk 36 715 nr. 1" in clean_text(raw("004")).footnotes
    assert "uw Kamer hierover infomeren." in clean_text(raw("003")).text


# --- whole letters --------------------------------------------------------------------------

GLUED = re.compile(r"(?:[a-zà-ÿ’”)]|(?<!\d)[.,;:])\d{1,2}(?![\d%])")


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_whole_letter_invariants(seed: str) -> None:
    result = clean_text(raw(seed))
    kept = " ".join(a.example for a in result.actions if a.action == "kept")
    glued = [m.group() for m in re.finditer(r"\w*" + GLUED.pattern, result.text)]
    assert all(g in kept for g in glued), glued  # only the reported candidates
    assert "  " not in result.text
    assert "\n\n\n" not in result.text
    assert "\u00a0" not in result.text
    assert "[footnoteRef" not in result.text
    for paragraph in result.text.split("\n\n"):
        assert paragraph == paragraph.strip() and "\n" not in paragraph
    assert clean_text(raw(seed)) == result  # deterministic


@pytest.mark.parametrize(("seed", "n_notes"), [("000", 0), ("001", 0), ("002", 2), ("003", 35)])
def test_every_footnote_body_is_kept(seed: str, n_notes: int) -> None:
    result = clean_text(raw(seed))
    assert [int(n.split()[0]) for n in result.footnotes] == list(range(1, n_notes + 1))
    for note in result.footnotes:
        assert note.split(" ", 1)[1] not in result.text


def test_every_footnote_body_is_kept_004() -> None:
    result = clean_text(raw("004"))
    numbered = [n for n in result.footnotes if n[0].isdigit()]
    assert [int(n.split()[0]) for n in numbered] == list(range(1, 10))
    assert "Kamerstuk 21501-20-2360" not in result.text
    assert "https://" not in result.text


def test_raw_footnote_lines_all_land_in_footnotes() -> None:
    """Each raw line starting with the number of a body is found in that body."""
    text = raw("003")
    notes = clean_text(text).footnotes
    for n, note in enumerate(notes, start=1):
        starts = [
            " ".join(line.split()[1:])[:20]
            for line in text.split("\n")
            if re.match(rf"^{n} \S", line)
        ]
        assert any(start in note for start in starts), (n, starts, note)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab De.,-1 2\n\u00a0e")), max_size=200))
def test_clean_text_is_total_and_normalised(text: str) -> None:
    result = clean_text(text)
    assert "  " not in result.text and "\n\n\n" not in result.text
    assert result == clean_text(text)


#: The project's shared seeds, next to the repository (``../shared/seeds``).
SHARED_SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


def test_seed_files_are_the_unchanged_seeds() -> None:
    if not SHARED_SEEDS.is_dir():
        pytest.skip(f"no shared seeds next to the repository: {SHARED_SEEDS} is not a folder")
    for seed, name in SEEDS.items():
        (original,) = SHARED_SEEDS.glob(f"{seed}_*.txt")
        assert (data_dir() / "letters" / name).read_bytes() == original.read_bytes()


def test_clean_text_normalises_characters() -> None:
    raw = "De \u2018wereldorde\u2019 en Oekrai\u0308ne\u2019s steun:\n\n\u2022 veiligheid"
    text = clean_text(raw).text
    assert "Oekraïne's" in text  # NFC: one code point for ë, ASCII apostrophe
    assert "\u0308" not in text and "\u2019" not in text and "\u2018" not in text
    assert "'wereldorde'" in text
    assert text.endswith("- veiligheid")
    assert normalize_characters("geen wijziging") == "geen wijziging"


@pytest.mark.parametrize("raw", [None, b"tekst", ["tekst"]])
def test_clean_text_refuses_what_is_not_text(raw) -> None:
    with pytest.raises(CorpusError, match=r"clean_text\(\): raw=.* allowed: str"):
        clean_text(raw)


# --- issue 16/20: headings, soft hyphens, ligatures, line-break hyphens ----------------------


def test_van_weel_heading_glued_to_its_paragraph_is_split() -> None:
    text = quoted(
        "004",
        "Economische veiligheid incl. vermindering risicovolle strategische afhankelijkheden \n"
        "De Europese economische veiligheid moet worden versterkt door risicovolle \n",
    )
    assert clean_text(text).text.split("\n\n") == [
        "Economische veiligheid incl. vermindering risicovolle strategische afhankelijkheden",
        "De Europese economische veiligheid moet worden versterkt door risicovolle",
    ]


@pytest.mark.parametrize(("seed", "n_headings"), [(s, int(s == "004")) for s in sorted(SEEDS)])
def test_heading_rule_splits_no_real_sentence(seed: str, n_headings: int) -> None:
    """Only the one glued Van Weel heading is split in the five bundled letters."""
    actions = clean_text(raw(seed)).actions
    assert sum((a.action, a.what) == ("split", "heading") for a in actions) == n_headings


def test_a_line_ending_in_a_name_is_no_heading() -> None:
    text = (
        "Deze brief, die mede namens de minister van Economische\n"
        "Zaken wordt verzonden, gaat in op het rapport van\n"
        "De Nederlandsche Bank over de economische veiligheid.\n"
    )
    assert "\n\n" not in clean_text(text).text


def test_short_heading_after_a_finished_sentence_is_its_own_paragraph() -> None:
    text = (
        "Sinds 1 januari 2023 zijn er 1.250 aanvragen ingediend, waarvan 980 zijn toegekend.\n"
        "Vraag 3\n"
        "Welke maatregelen neemt u om de wachttijden te verkorten?\n"
    )
    assert clean_text(text).text.split("\n\n")[1] == "Vraag 3"


def test_soft_hyphens_and_ligatures_are_removed_and_reported() -> None:
    result = clean_text("De ont\u00adwikkelings\u00adsamenwerking en de \ufb01nanciering.")
    assert result.text == "De ontwikkelingssamenwerking en de financiering."
    kinds = [(a.action, a.what) for a in result.actions]
    assert kinds == [("removed", "soft_hyphen")] * 2 + [("split", "ligature")]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["het kabinet is verantwoor-", "delijk voor de inzet."], "verantwoordelijk voor"),
        (["de samenwerking en de sa-", "menwerking."], "de samenwerking."),
        (["de Europese defensie-", "industrie groeit."], "defensie-industrie groeit"),
        (["stabiele lage-", "en middeninkomenslanden."], "lage- en middeninkomenslanden"),
        (["binnen de Noord-", "Atlantische Verdragsorganisatie."], "Noord-Atlantische"),
        (["de sociaal-", "economische raad en het economische beleid."], "sociaal-economische"),
        (
            ["de euro-", "kritische toon", "en de euro-kritische partijen."],
            "de euro-kritische toon",
        ),
    ],
)
def test_line_end_hyphen_joined_only_on_evidence(lines: list[str], expected: str) -> None:
    assert expected in join_lines(lines)[0]


def test_marked_paragraphs_are_never_bridged():
    """A blank line inside a sentence is a PDF page break (bridged) unless the source marks
    its paragraphs (.docx, official XML/HTML): then it is a paragraph break."""
    raw = "Antwoord\n\na) twaalf vergunningen.\n\nb) Drie."
    assert clean_text(raw).text == "Antwoord a) twaalf vergunningen.\n\nb) Drie."
    assert (
        clean_text(raw, paragraphs=True).text == "Antwoord\n\na) twaalf vergunningen.\n\nb) Drie."
    )


def test_cleaning_report_cleans_as_loading_did(monkeypatch):
    """cleaning_report re-runs the cleaning with the paragraph rule of the letter's file."""
    import pandas as pd

    from discourse.corpus import report

    seen = []

    def spy(raw, *, paragraphs=False):
        seen.append(paragraphs)
        return clean_text(raw, paragraphs=paragraphs)

    monkeypatch.setattr(report, "clean_text", spy)
    files = ["a.pdf", "b.docx", "c.XML", "d.txt", "e.html"]
    letters = pd.DataFrame({"doc_id": list("abcde"), "file": files, "text_raw": ["Zo."] * 5})
    report.cleaning_report(letters)
    assert seen == [False, True, True, False, True]
