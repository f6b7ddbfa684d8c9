"""The theme model learnt from a person's coding: what it codes, why, the same every time;
and the training file as the edition's input (read, validated, named at its line)."""

import hashlib
import subprocess
import sys

import pandas as pd

from cspreport.metrics import theme_model
from cspreport.metrics.themes import OTHER, code_comments
from tests.project import ROOT

# A tiny coding a person might have done: every deadline comment speaks of "termiņš",
# every validation comment of "kļūda"; the rest of each sentence varies.
TINY = [
    ("Termiņš ir pārāk īss.", ["deadlines"]),
    ("Lūdzu garāku termiņu.", ["deadlines"]),
    ("Termiņi sakrīt ar gada pārskatu.", ["deadlines"]),
    ("Pagariniet termiņu par nedēļu.", ["deadlines"]),
    ("Kļūda neļauj iesniegt veidlapu.", ["validations"]),
    ("Kļūdas paziņojums ir nesaprotams.", ["validations"]),
    ("Sistēma rāda kļūdu pie pareiziem datiem.", ["validations"]),
    ("Kļūdu ir par daudz.", ["validations"]),
    ("Paldies, viss labi.", []),
    ("Darbinieki ir laipni.", []),
]
THEMES = ["deadlines", "validations"]


def test_a_tiny_coding_teaches_the_obvious():
    """Comments never seen, in forms the examples did not have (termiņus, kļūdaini): each
    gets the one theme its word carries; a thank-you gets none."""
    model = theme_model.train(TINY, THEMES)
    assert model.size == 10 and list(model.classifiers) == THEMES
    assert model.predict(["Vajag termiņus vēlāk.", "Kļūdaini paziņojumi.",
                          "Paldies par sadarbību."]) == [["deadlines"], ["validations"], []]


def test_the_explanation_names_the_deciding_ngrams():
    """Why "Vajag termiņus vēlāk" is a deadline: the n-grams of "termiņus" ("termin",
    diacritics folded) weigh most, and every listed one is a piece of the comment."""
    model = theme_model.train(TINY, THEMES)
    why = model.explain("Vajag termiņus vēlāk.", "deadlines")
    assert why and all(weight > 0 for _, weight in why)
    assert all(ngram in "_termins_" for ngram, _ in why), why  # nothing of vajag, vēlāk
    strongest = [f for f, _ in model.top_features("validations", 5)]
    assert any("klud" in f or "lud" in f for f in strongest), strongest


def test_the_same_examples_give_the_same_model_and_coding():
    first, second = theme_model.train(TINY, THEMES), theme_model.train(TINY, THEMES)
    texts = ["Vajag termiņus vēlāk.", "Kļūdaini paziņojumi.", "Nekas."]
    assert first.probabilities(texts) == second.probabilities(texts)
    for theme in THEMES:
        assert first.top_features(theme, 20) == second.top_features(theme, 20)


def test_a_theme_with_too_few_examples_is_left_to_the_rules():
    """Two examples of "website" are fewer than MIN_POSITIVE (3): no classifier for it."""
    examples = [*TINY, ("Mājaslapa ir lēna.", ["website"]), ("Mājaslapā grūti.", ["website"])]
    assert "website" not in theme_model.train(examples, [*THEMES, "website"]).classifiers


def test_rules_or_model_and_who_gave_each_theme():
    """Rules know only "termiņ". Comment 1 matches them; comment 2 ("kļūda") only the model
    knows; comment 3 raises nothing; comment 4 was coded by a person, who wins over both."""
    model = theme_model.train(TINY, THEMES)
    rules = {"deadlines": {"stems": ["termiņ"]}, "validations": {"stems": ["validācij"]}}
    texts = pd.DataFrame({"wave": [2021] * 4, "id": ["a", "b", "c", "d"],
                          "text": ["Termiņš ir par īsu.", "Kļūda pie iesniegšanas.",
                                   "Paldies.", "Kļūda un termiņš."]})
    coded = code_comments(texts, rules, {(2021, "d"): ["complexity"]}, model)
    assert list(zip(coded["id"], coded["theme"], coded["coded_by"], strict=True)) == [
        ("a", "deadlines", "rules"), ("b", "validations", "model"), ("c", OTHER, "rules"),
        ("d", "complexity", "person")]
    assert theme_model.code(["Termiņš ir par īsu.", "Kļūda."], rules, model, "rules") == [
        ["deadlines"], [OTHER]]


def test_cross_validation_scores_each_way_of_coding():
    """On TINY with rules that know only "termiņ": the rules find all 4 deadlines and none of
    the 4 validations (recall 4/8), never wrongly (precision 1)."""
    rules = {"deadlines": {"stems": ["termiņ"]}}
    measured = theme_model.cross_validate(TINY, rules, THEMES)
    assert set(measured) == {"rules", "model", "either"}
    assert measured["rules"].counts == {"deadlines": (4, 0, 0), "validations": (0, 0, 4)}
    assert (measured["rules"].precision, measured["rules"].recall) == (1.0, 0.5)
    assert measured["either"].recall >= measured["rules"].recall


def _snapshot(folder) -> dict:
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def _check(edition_dir, training: str):
    (edition_dir / "themes_training.yaml").write_text(training, encoding="utf-8")
    params = edition_dir.parent.parent / "p.yaml"
    params.write_text((ROOT / "params" / "2021.yaml").read_text(encoding="utf-8")
                      .replace("data/2021", str(edition_dir)), encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "cspreport", "check", str(params)],
                          capture_output=True, text=True, cwd=ROOT)


def test_an_unknown_theme_in_the_training_file_is_named_at_its_line(edition_dir):
    """Run as a user runs it: the file, the line, the item and the codes there are; exit 1,
    no traceback; nothing written into the data folder."""
    done = _check(edition_dir, "examples:\n  - text: Termiņš par īsu.\n    themes: [deadlines]\n"
                               "  - text: Mazāk jautājumu.\n    themes: [fewer_questions]\n")
    before = _snapshot(edition_dir)
    assert done.returncode == 1, done.stdout + done.stderr
    assert ("themes_training.yaml, line 5: examples, item 2, themes: 'fewer_questions' is not "
            "a suggestion theme of content.yaml (they are: admin_data, deadlines"
            ) in done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert _check(edition_dir, (edition_dir / "themes_training.yaml").read_text("utf-8")
                  ).returncode == 1
    assert _snapshot(edition_dir) == before


def test_an_example_without_text_is_named_at_its_line(edition_dir):
    done = _check(edition_dir, "examples:\n  - themes: [deadlines]\n")
    assert done.returncode == 1, done.stdout + done.stderr
    out = done.stdout + done.stderr
    assert "themes_training.yaml, line 2: examples, item 1" in out and "text" in out, out
    assert "Traceback" not in done.stderr


def test_without_training_file_the_rules_code_alone(edition_dir):
    """The edition without themes_training.yaml: no training read, no model, the rules'
    coding as before."""
    from cspreport.sources.edition_files import read_edition_files

    (edition_dir / "themes_training.yaml").unlink()
    tables = read_edition_files(edition_dir)
    assert tables.theme_training is None and "training" not in tables.sources


def test_the_2021_training_file_is_read_as_coded():
    """The bundled file: 274 comments (160 + 42 + 72, see its header); the first is coded
    admin_data; those the writer coded "instructions" are complexity."""
    from cspreport.sources.edition_files import read_edition_files

    training = read_edition_files(ROOT / "data" / "2021").theme_training
    assert len(training) == 274
    assert training[0] == ("Visu šo informāciju mēs jau iesniedzam VID, kāpēc jums to "
                           "jāprasa vēlreiz?", ("admin_data",))
    assert ("Pie katras ailes vajag īsu paskaidrojumu, kas tur jāieraksta.",
            ("complexity",)) in training


def test_the_2021_counts_are_the_same_with_the_model():
    """The 2021 slide's figures (145 theme mentions, 38 comments raising none, worked out by
    hand in test_themes.py) stand with the model the edition now trains: it adds no theme to
    the 155 comments of 2021."""
    import cspreport
    from cspreport.metrics import themes
    from cspreport.params import Params

    ed = cspreport.open_edition(Params.from_yaml(ROOT / "params" / "2021.yaml"), ROOT)
    comments = themes.wave_comments(ed.tables.comment_texts, ed.wave)
    codes = [t.code for t in ed.tables.content.suggestion_themes]
    model = theme_model.train(ed.tables.theme_training, codes)
    coded = code_comments(comments, ed.tables.theme_rules, ed.tables.theme_coding, model)
    assert "model" not in set(coded["coded_by"])
    counts = themes.counts_by_theme(coded, codes, ed.params.min_respondents)
    assert themes.mentions_and_other(counts) == (145, 38)


# ---------------------------------------------------------------- the cache of the model
def _entries(cache) -> list:
    return sorted((cache / "theme_model").glob("*.pickle"))


def test_a_model_trained_again_is_loaded_from_the_cache_and_codes_the_same(tmp_path,
                                                                          monkeypatch):
    """The first training keeps the model (one entry); the second loads it (no new entry)
    and codes the unseen comments as the obvious coding says, as an uncached training
    does; so does the cross-validation (its counts worked out in the test above)."""
    monkeypatch.setenv("CSPREPORT_CACHE_DIR", str(tmp_path))
    texts = ["Vajag termiņus vēlāk.", "Kļūdaini paziņojumi.", "Paldies par sadarbību."]
    first = theme_model.train(TINY, THEMES)
    assert len(_entries(tmp_path)) == 1
    again = theme_model.train(TINY, THEMES)
    assert len(_entries(tmp_path)) == 1
    assert again is not first  # loaded, not kept in memory
    assert again.predict(texts) == [["deadlines"], ["validations"], []]
    uncached = theme_model._train(TINY, THEMES, theme_model.THRESHOLD)
    assert again.probabilities(texts) == uncached.probabilities(texts)
    for theme in THEMES:
        assert again.top_features(theme, 20) == uncached.top_features(theme, 20)

    rules = {"deadlines": {"stems": ["termiņ"]}}
    theme_model.cross_validate(TINY, rules, THEMES)
    assert len(_entries(tmp_path)) == 2
    measured = theme_model.cross_validate(TINY, rules, THEMES)
    assert len(_entries(tmp_path)) == 2
    assert measured["rules"].counts == {"deadlines": (4, 0, 0), "validations": (0, 0, 4)}
    assert measured == theme_model._cross_validate(TINY, rules, THEMES, 5,
                                                   theme_model.THRESHOLD)


def test_a_changed_coding_or_rule_trains_again(tmp_path, monkeypatch):
    """The person recodes: "kļūda" comments are now deadlines and "termiņš" ones
    validations. The cached model of the old coding is not used: the same comments get the
    swapped themes. A changed rule cross-validates again: the rules now find the 4
    validations ("kļūd") and no deadline."""
    monkeypatch.setenv("CSPREPORT_CACHE_DIR", str(tmp_path))
    swap = {"deadlines": "validations", "validations": "deadlines"}
    recoded = [(text, [swap[t] for t in given]) for text, given in TINY]
    texts = ["Vajag termiņus vēlāk.", "Kļūdaini paziņojumi."]
    assert theme_model.train(TINY, THEMES).predict(texts) == [["deadlines"], ["validations"]]
    assert theme_model.train(recoded, THEMES).predict(texts) == [["validations"],
                                                                 ["deadlines"]]
    assert len(_entries(tmp_path)) == 2

    old = theme_model.cross_validate(TINY, {"deadlines": {"stems": ["termiņ"]}}, THEMES)
    new = theme_model.cross_validate(TINY, {"validations": {"stems": ["kļūd"]}}, THEMES)
    assert old["rules"].counts == {"deadlines": (4, 0, 0), "validations": (0, 0, 4)}
    assert new["rules"].counts == {"deadlines": (0, 0, 4), "validations": (4, 0, 0)}


def test_a_corrupted_model_entry_is_trained_again(tmp_path, monkeypatch):
    """An entry edited on disk fails its checksum: it is removed and the model trained
    anew (and kept again), never loaded."""
    monkeypatch.setenv("CSPREPORT_CACHE_DIR", str(tmp_path))
    theme_model.train(TINY, THEMES)
    [entry] = _entries(tmp_path)
    entry.write_bytes(entry.read_bytes()[:-10] + b"0123456789")
    model = theme_model.train(TINY, THEMES)
    assert model.predict(["Vajag termiņus vēlāk."]) == [["deadlines"]]
    [again] = _entries(tmp_path)
    assert again.read_bytes()[-10:] != b"0123456789"


def test_a_wave_without_comments_codes_nothing_and_raises_nothing():
    """An edition whose survey wave has no comments (the 2020 edition shows the 2019 wave):
    the model codes none, as the rules do, instead of failing on an empty matrix."""
    model = theme_model.train(TINY, THEMES)
    assert model.predict([]) == []
    empty = pd.DataFrame({"wave": pd.Series([], dtype="int64"), "id": pd.Series([], dtype=str),
                          "text": pd.Series([], dtype=str)})
    coded = code_comments(empty, {"deadlines": {"stems": ["termiņ"]}}, model=model)
    assert coded.empty
