"""A model of a person's theme coding, learnt from comments the person coded, beside the rules.

The rules of themes.yaml catch a theme only by the words they list; a respondent who asks
for the same thing in other words is missed. A model trained on comments a person coded
(the edition's ``themes_training.yaml``) learns which pieces of words go with each theme:
TF-IDF weights of character n-grams (3–5 letters, within word boundaries, so that inflected
Latvian forms share their stem) over the folded text (``themes.fold``), and per theme one
logistic regression (one-vs-rest, liblinear, fixed seed: the same examples give the same
model, byte for byte). A comment gets a theme when its rules match OR the model's
probability reaches ``THRESHOLD`` (``COMBINE``): chosen by cross-validation on the training
comments (``cross_validate``), never on the held-out sets.

Training and cross-validating take seconds (sklearn, five folds), and the same examples and
rules give the same model and scores, byte for byte: both are therefore kept in the user's
cache folder under a hash of their arguments, the code and the libraries' versions
(``cspreport.tables.cache.computed``), so that only a changed training file or rule pays them.

It stays explainable: ``explain`` lists, for a comment and a theme, the n-grams that weighed
most in the decision (TF-IDF weight × coefficient), and ``top_features`` a theme's strongest
n-grams overall (``_`` marks a word's start or end: "_vid_" is the word VID).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from cspreport.metrics.themes import OTHER, compile_rules, fold, themes_of

SEED = 0
THRESHOLD = 0.4  # probability from which the model gives a theme (cross-validated, see README)
COMBINE = "either"  # "rules", "model" or "either" (rules or model): cross-validated
MIN_POSITIVE = 3  # fewer coded examples of a theme than this: the model leaves it to the rules
NGRAMS = (3, 5)
C = 100.0  # inverse regularisation: few, short examples need little of it (cross-validated)


@dataclass(frozen=True)
class ThemeModel:
    """A trained model: the vectoriser, and one classifier per theme it learnt."""

    vectoriser: object
    classifiers: Mapping[str, object]  # theme → fitted LogisticRegression
    size: int  # how many comments it was trained on
    threshold: float = THRESHOLD

    def probabilities(self, texts: Sequence[str]) -> dict[str, list[float]]:
        """Theme → the model's probability for each text (no texts: empty lists; a wave
        without comments has nothing to code)."""
        if not texts:
            return {theme: [] for theme in self.classifiers}
        x = self.vectoriser.transform([fold(t) for t in texts])
        return {theme: [float(p) for p in clf.predict_proba(x)[:, 1]]
                for theme, clf in self.classifiers.items()}

    def predict(self, texts: Sequence[str]) -> list[list[str]]:
        """The themes the model gives each text (none: an empty list), in theme order."""
        probs = self.probabilities(texts)
        return [[t for t in self.classifiers if probs[t][i] >= self.threshold]
                for i in range(len(texts))]

    def explain(self, text: str, theme: str, k: int = 5) -> list[tuple[str, float]]:
        """The n-grams of ``text`` that pushed most towards ``theme``, strongest first, with
        their weight (TF-IDF × coefficient; > 0 pushes towards the theme)."""
        x = self.vectoriser.transform([fold(text)]).tocoo()
        coef = self.classifiers[theme].coef_[0]
        names = self.vectoriser.get_feature_names_out()
        pushed = sorted(((float(v * coef[j]), str(names[j])) for j, v in
                         zip(x.col, x.data, strict=True) if v * coef[j] > 0),
                        key=lambda p: (-p[0], p[1]))
        return [(shown(name), round(w, 4)) for w, name in pushed[:k]]

    def top_features(self, theme: str, k: int = 10) -> list[tuple[str, float]]:
        """The theme's strongest n-grams over all comments (largest coefficients)."""
        coef = self.classifiers[theme].coef_[0]
        names = self.vectoriser.get_feature_names_out()
        order = sorted(range(len(coef)), key=lambda j: (-coef[j], names[j]))[:k]
        return [(shown(str(names[j])), round(float(coef[j]), 3)) for j in order]


def shown(ngram: str) -> str:
    """An n-gram as a reader sees it: ``_`` where it touches a word's start or end, so that
    " vid " (the word VID) reads "_vid_" and " vid" (words starting vid…) "_vid"."""
    return ngram.replace(" ", "_")


def train(examples: Sequence[tuple[str, Sequence[str]]], themes: Iterable[str],
          threshold: float = THRESHOLD) -> ThemeModel:
    """A model from (comment, the themes a person gave it) pairs; a theme with fewer than
    ``MIN_POSITIVE`` examples gets no classifier (the rules alone code it). Kept in the
    cache (see the module's note): the same arguments load the model trained before."""
    from cspreport.tables.cache import computed  # lazy: pandas, for the tables' cache

    examples, themes = _plain(examples), list(themes)
    return computed("theme_model", ["train", examples, themes, threshold, SEED, NGRAMS, C,
                                    MIN_POSITIVE],
                    lambda: _train(examples, themes, threshold))


def _plain(examples: Sequence[tuple[str, Sequence[str]]]) -> list[tuple[str, list[str]]]:
    """The examples as JSON writes them the same whatever sequences held them."""
    return [(str(text), list(given)) for text, given in examples]


def _train(examples: Sequence[tuple[str, Sequence[str]]], themes: Sequence[str],
           threshold: float) -> ThemeModel:
    # lazy: scikit-learn takes a second to import; an edition without training data never
    # needs it
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectoriser = TfidfVectorizer(analyzer="char_wb", ngram_range=NGRAMS, sublinear_tf=True,
                                 lowercase=False)
    x = vectoriser.fit_transform([fold(t) for t, _ in examples])
    classifiers = {}
    for theme in themes:
        y = [int(theme in given) for _, given in examples]
        if sum(y) < MIN_POSITIVE or sum(y) == len(y):
            continue
        classifiers[theme] = LogisticRegression(solver="liblinear", C=C,
                                                class_weight="balanced",
                                                random_state=SEED).fit(x, y)
    return ThemeModel(vectoriser, classifiers, len(examples), threshold)


def combine(by_rules: list[str], by_model: list[str], how: str = COMBINE) -> list[str]:
    """The themes of one comment from the rules' (``[other]`` for none) and the model's."""
    rules = [t for t in by_rules if t != OTHER]
    chosen = {"rules": rules, "model": by_model,
              "either": rules + [t for t in by_model if t not in rules]}[how]
    return chosen or [OTHER]


def code(texts: Sequence[str], rules: Mapping | None, model: ThemeModel | None,
         how: str = COMBINE) -> list[list[str]]:
    """The themes of each text by the rules, the model, or both (``how``); themes in the
    order of the rules, then the model's."""
    compiled = compile_rules(rules or {})
    by_model = model.predict(texts) if model is not None else [[] for _ in texts]
    return [combine(themes_of(t, compiled), m, how if model is not None else "rules")
            for t, m in zip(texts, by_model, strict=True)]


@dataclass(frozen=True)
class Scores:
    """Per theme: true positives, false positives, false negatives of a coding against a
    person's; micro-averaged precision and recall over the themes."""

    counts: Mapping[str, tuple[int, int, int]]

    @property
    def precision(self) -> float:
        tp = sum(c[0] for c in self.counts.values())
        return tp / (tp + sum(c[1] for c in self.counts.values()) or 1)

    @property
    def recall(self) -> float:
        tp = sum(c[0] for c in self.counts.values())
        return tp / (tp + sum(c[2] for c in self.counts.values()) or 1)

    def of(self, theme: str) -> tuple[float, float]:
        tp, fp, fn = self.counts[theme]
        return (tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0)

    @property
    def macro(self) -> tuple[float, float]:
        pairs = [self.of(t) for t in self.counts]
        return (sum(p for p, _ in pairs) / len(pairs), sum(r for _, r in pairs) / len(pairs))


def score(truth: Sequence[Sequence[str]], got: Sequence[Sequence[str]],
          themes: Iterable[str]) -> Scores:
    """How ``got`` agrees with the person's ``truth`` (lists of themes; empty or [other] for
    none), theme by theme."""
    counts = {}
    for theme in themes:
        tp = fp = fn = 0
        for want, have in zip(truth, got, strict=True):
            tp += theme in want and theme in have
            fp += theme in have and theme not in want
            fn += theme in want and theme not in have
        counts[theme] = (tp, fp, fn)
    return Scores(counts)


def cross_validate(examples: Sequence[tuple[str, Sequence[str]]], rules: Mapping | None,
                   themes: Sequence[str], folds: int = 5, threshold: float = THRESHOLD
                   ) -> dict[str, Scores]:
    """Precision and recall of the rules, the model and both (``rules``, ``model``,
    ``either``), each comment coded by a model trained on the other folds (every
    ``folds``-th comment in a fold: deterministic, and the file's order spreads the themes).
    Kept in the cache, as ``train``'s model."""
    from cspreport.tables.cache import computed  # lazy: as in train

    examples, themes = _plain(examples), list(themes)
    rules = [[code, rule] for code, rule in (rules or {}).items()] if rules is not None \
        else None
    return computed("theme_model", ["cross_validate", examples, rules, themes, folds,
                                    threshold, SEED, NGRAMS, C, MIN_POSITIVE, COMBINE],
                    lambda: _cross_validate(examples, dict(rules) if rules is not None
                                            else None, themes, folds, threshold))


def _cross_validate(examples, rules, themes, folds, threshold) -> dict[str, Scores]:
    truth = [list(given) for _, given in examples]
    got: dict[str, list] = {how: [None] * len(examples) for how in ("rules", "model", "either")}
    for fold_no in range(folds):
        inside = [i for i in range(len(examples)) if i % folds == fold_no]
        model = _train([e for i, e in enumerate(examples) if i % folds != fold_no], themes,
                       threshold)
        texts = [examples[i][0] for i in inside]
        for how in got:
            for i, coded in zip(inside, code(texts, rules, model, how), strict=True):
                got[how][i] = coded
    return {how: score(truth, coded, themes) for how, coded in got.items()}


@dataclass(frozen=True)
class Summary:
    """What the notes say of the model: how many coded comments it learnt from, and the
    cross-validated precision and recall of the coding the report uses (``COMBINE``)."""

    size: int
    precision: float
    recall: float



def summary(examples: Sequence, measured: Mapping[str, Scores]) -> Summary:
    """The notes' figures from ``cross_validate``'s result on ``examples``."""
    return Summary(len(examples), measured[COMBINE].precision, measured[COMBINE].recall)


def measured_table(measured: Mapping[str, Scores]):
    """``cross_validate``'s result as a table: per theme (and micro-averaged over them), the
    precision and recall of the rules, the model and both."""
    import pandas as pd

    first = next(iter(measured.values()))
    rows = []
    for theme in [*first.counts, "all themes (micro)"]:
        row = {"theme": theme, "examples": None}
        for how, scores in measured.items():
            p, r = (scores.precision, scores.recall) if theme not in scores.counts \
                else scores.of(theme)
            row[f"{how} precision"], row[f"{how} recall"] = round(p, 2), round(r, 2)
        tp, _, fn = first.counts.get(theme, (0, 0, 0))
        row["examples"] = tp + fn if theme in first.counts else \
            sum(c[0] + c[2] for c in first.counts.values())
        rows.append(row)
    return pd.DataFrame(rows)


def top_features_table(model: ThemeModel, k: int = 8):
    """Per theme the model learnt, its ``k`` strongest n-grams: what it looks for."""
    import pandas as pd

    return pd.DataFrame({"theme": list(model.classifiers),
                         "strongest n-grams": [", ".join(f for f, _ in model.top_features(t, k))
                                               for t in model.classifiers]})
