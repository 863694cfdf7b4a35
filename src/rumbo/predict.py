"""Predictive analytics, kept honest (module 6).

Two small models a shop owner can read:

1. **Reach of a planned post.** An ordinary least-squares regression (numpy's
   ``lstsq``; the tests check it against statsmodels) of ``log(reach)`` on the network, the type of post, the weekday, the time of
   day and, where the data says so, whether the post was paid. On the log scale
   every coefficient is a percentage: "a reel reaches 40 % more people than a
   photo, all else equal". The prediction is the typical reach (the median of
   the log-normal) with an 80 % band for a single post. The model is fitted
   **once per business** (:func:`reach_model` caches it) and every combination
   the widget can ask for is predicted at fit time, so the widget only looks up.
2. **Mentions next week.** A seasonal-naive forecast of daily mentions (each
   day = the same weekday last week), summed into a week, with a band from its
   own past errors.

Both come with a **backtest**: fitted on the older part of the history and
scored on the newer part, next to a naive baseline ("the usual median"). If the
model does not beat the baseline, the course says so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from rumbo.data import load_dataset, require_columns
from rumbo.core.errors import DataError, InvalidInputError
from rumbo.core.units import network_label
from rumbo.core.i18n import translator
from rumbo.core.i18n import fmt_number, fmt_percent

_, N_, ngettext = translator("predict")

WEEKDAYS = (N_("lunes"), N_("martes"), N_("miércoles"), N_("jueves"), N_("viernes"),
            N_("sábado"), N_("domingo"))
#: Screen names of the post types in the bundled data and the platform exports.
POST_TYPE_LABELS = {
    "photo": N_("foto"), "carousel": N_("carrusel"), "reel": N_("reel"), "video": N_("vídeo"),
    "link": N_("enlace"), "status": N_("solo texto"),
}
#: Time-of-day bands: (first hour, last hour included, label). Night wraps midnight.
HOUR_BANDS = (
    ("morning", 6, 11, N_("mañana (6-11 h)")),
    ("midday", 12, 15, N_("mediodía (12-15 h)")),
    ("afternoon", 16, 19, N_("tarde (16-19 h)")),
    ("night", 20, 5, N_("noche (20-5 h)")),
)
BAND_LABELS = {key: label for key, _first, _last, label in HOUR_BANDS}
#: Width of the prediction band: 80 % of single posts should land inside it.
BAND_LEVEL = 0.80
#: Share of the history (the most recent part) kept aside for the backtest.
TEST_SHARE = 0.25
MIN_POSTS = 30


def hour_band(hour) -> str:
    """The time-of-day band of an hour 0-23 (a whole number)."""
    if isinstance(hour, bool) or hour is None:
        raise InvalidInputError(_("Escribe la hora como un número entero de 0 a 23."))
    try:
        value = float(hour)
    except (TypeError, ValueError):
        raise InvalidInputError(_("Escribe la hora como un número entero de 0 a 23.")) from None
    if not math.isfinite(value) or value != int(value) or not 0 <= value <= 23:
        raise InvalidInputError(_("La hora tiene que ser un número entero de 0 a 23 (por "
                                  "ejemplo, 19 para las siete de la tarde)."))
    value = int(value)
    for key, first, last, _label in HOUR_BANDS:
        if (first <= value <= last) if first <= last else (value >= first or value <= last):
            return key
    raise AssertionError("bands cover every hour")  # pragma: no cover


def _features(posts: pd.DataFrame) -> pd.DataFrame:
    """The explanatory columns of the model, one row per post."""
    when = pd.to_datetime(posts["published_at"])
    frame = pd.DataFrame({
        "network": posts["network"].astype(str).to_numpy(),
        "post_type": posts["post_type"].astype(str).to_numpy(),
        "weekday": when.dt.day_of_week.to_numpy(),
        "band": [hour_band(h) for h in when.dt.hour],
    }, index=posts.index)
    if "paid" in posts.columns:
        frame["paid"] = posts["paid"].fillna(False).astype(bool).to_numpy()
    return frame


@dataclass
class Design:
    """How posts become the model's columns: which levels exist and which is the baseline."""

    levels: dict[str, list]  # factor -> levels, the first one is the baseline
    paid: bool

    def matrix(self, features: pd.DataFrame) -> np.ndarray:
        cols = [np.ones(len(features))]
        for factor, levels in self.levels.items():
            values = features[factor].to_numpy()
            cols.extend((values == level).astype(float) for level in levels[1:])
        if self.paid:
            cols.append(features["paid"].to_numpy(dtype=float))
        return np.column_stack(cols)

    def names(self) -> list[tuple[str, object]]:
        out: list[tuple[str, object]] = [("const", None)]
        for factor, levels in self.levels.items():
            out.extend((factor, level) for level in levels[1:])
        if self.paid:
            out.append(("paid", True))
        return out


def _design(features: pd.DataFrame) -> Design:
    levels = {}
    for factor in ("network", "post_type", "weekday", "band"):
        counts = features[factor].value_counts()
        # Baseline = the commonest level (ties broken by name), so "compared with what
        # you usually do" reads naturally.
        ordered = sorted(counts.index, key=lambda lv: (-counts[lv], str(lv)))
        levels[factor] = ordered
    paid = "paid" in features and features["paid"].nunique() > 1
    return Design(levels, bool(paid))


def _clean_posts(posts: pd.DataFrame) -> pd.DataFrame:
    require_columns(posts, ("published_at", "network", "post_type", "reach"),
                    _("la tabla de publicaciones"))
    reach = pd.to_numeric(posts["reach"], errors="coerce")
    usable = posts[reach.notna() & (reach > 0) & posts["published_at"].notna()]
    if len(usable) < MIN_POSTS:
        raise DataError(_("Hacen falta al menos {n} publicaciones con alcance para ajustar el "
                          "modelo; hay {have}.").format(n=MIN_POSTS, have=len(usable)))
    return usable.sort_values("published_at", kind="stable")


@dataclass
class Fit:
    """An OLS fit of log(reach): coefficients, their 80 % intervals, and what predicts needs."""

    design: Design
    params: np.ndarray
    cov: np.ndarray
    sigma2: float
    df_resid: float
    n: int

    def predict_log(self, features: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """Predicted log reach and the standard error of a *single new post*."""
        x = self.design.matrix(features)
        mean = x @ self.params
        se = np.sqrt(np.einsum("ij,jk,ik->i", x, self.cov, x) + self.sigma2)
        return mean, se


def fit_log_reach(posts: pd.DataFrame) -> Fit:
    """Fit ``log(reach)`` on network, type, weekday, band (and paid) by ordinary least squares.

    numpy's ``lstsq`` and the textbook covariance, the same numbers as statsmodels'
    ``OLS`` (tests/test_predict.py checks it) without its 2-second import, which
    made module 6 slow to open.
    """
    posts = _clean_posts(posts)
    features = _features(posts)
    design = _design(features)
    x = design.matrix(features)
    y = np.log(pd.to_numeric(posts["reach"]).to_numpy(dtype=float))
    params, _sums, rank, _singular = np.linalg.lstsq(x, y, rcond=None)
    df_resid = len(y) - rank
    if df_resid <= 0:
        raise DataError(_("Hay muy pocas publicaciones para estimar el modelo."))
    residuals = y - x @ params
    scale = float(residuals @ residuals / df_resid)
    cov = scale * np.linalg.pinv(x.T @ x)
    return Fit(design, params, cov, scale, float(df_resid), int(len(y)))


def _t(df: float) -> float:
    """The t quantile of the 80 % band (scipy.special: no scipy.stats import needed)."""
    from scipy.special import stdtrit

    return float(stdtrit(df, 0.5 + BAND_LEVEL / 2))


def backtest(posts: pd.DataFrame, test_share: float = TEST_SHARE) -> dict:
    """Fit on the oldest posts, predict the newest ``test_share`` of them, compare with naive.

    The naive baseline predicts, for every new post, the median reach of the
    training posts of the same network ("what I usually get"). Returns mean
    absolute errors (people reached), the model's improvement over the
    baseline, and how many test posts fell inside the model's 80 % band.
    """
    posts = _clean_posts(posts)
    cut = int(round(len(posts) * (1 - test_share)))
    train, test = posts.iloc[:cut], posts.iloc[cut:]
    if len(test) < 5 or len(train) < MIN_POSTS:
        raise DataError(_("Hay muy pocas publicaciones para separar una parte de prueba."))
    fit = fit_log_reach(train)
    features = _features(test)
    mean, se = fit.predict_log(features)
    predicted = np.exp(mean)
    half = _t(fit.df_resid) * se
    actual = pd.to_numeric(test["reach"]).to_numpy(dtype=float)
    usual = train.groupby("network")["reach"].median()
    naive = test["network"].map(usual).fillna(train["reach"].median()).to_numpy(dtype=float)
    mae_model = float(np.mean(np.abs(actual - predicted)))
    mae_naive = float(np.mean(np.abs(actual - naive)))
    inside = (np.log(actual) >= mean - half) & (np.log(actual) <= mean + half)
    return {
        "train_posts": int(len(train)), "test_posts": int(len(test)),
        "test_from": pd.Timestamp(test["published_at"].iloc[0]).date().isoformat(),
        "mae_model": mae_model, "mae_naive": mae_naive,
        "improvement": 1 - mae_model / mae_naive if mae_naive > 0 else math.nan,
        "coverage": float(inside.mean()),
    }


@dataclass
class ReachModel:
    """A business's fitted reach model, with every answer the widget can ask for."""

    fit: Fit
    table: pd.DataFrame  # index (network, post_type, weekday, band, paid) -> median, low, high
    seen: set = field(default_factory=set)  # (network, post_type) pairs with history
    backtest: dict = field(default_factory=dict)
    networks: list = field(default_factory=list)
    post_types: list = field(default_factory=list)

    def predict(self, network: str, post_type: str, weekday: int, hour, paid: bool = False) -> dict:
        """Typical reach of one planned post and its 80 % band (people)."""
        if network not in self.networks:
            raise InvalidInputError(_("Elige una red de la lista: {choices}.").format(
                choices=", ".join(self.networks)))
        if post_type not in self.post_types:
            raise InvalidInputError(_("Elige un tipo de publicación de la lista: {choices}.").format(
                choices=", ".join(self.post_types)))
        if isinstance(weekday, bool) or weekday not in range(7):
            raise InvalidInputError(_("Elige un día de la semana de la lista."))
        band = hour_band(hour)
        key = (network, post_type, int(weekday), band, bool(paid) and self.fit.design.paid)
        row = self.table.loc[key]
        return {"median": float(row["median"]), "low": float(row["low"]), "high": float(row["high"]),
                "band": band, "extrapolated": (network, post_type) not in self.seen}


def build_reach_model(posts: pd.DataFrame) -> ReachModel:
    """Fit on all of ``posts``, backtest, and predict every combination once."""
    posts = _clean_posts(posts)
    fit = fit_log_reach(posts)
    levels = fit.design.levels
    grid = pd.MultiIndex.from_product(
        [levels["network"], levels["post_type"], range(7), [b[0] for b in HOUR_BANDS],
         [False, True] if fit.design.paid else [False]],
        names=["network", "post_type", "weekday", "band", "paid"]).to_frame(index=False)
    mean, se = fit.predict_log(grid)
    half = _t(fit.df_resid) * se
    table = grid.assign(median=np.exp(mean), low=np.exp(mean - half), high=np.exp(mean + half))
    table = table.set_index(["network", "post_type", "weekday", "band", "paid"]).sort_index()
    seen = set(map(tuple, posts[["network", "post_type"]].astype(str).drop_duplicates().to_numpy()))
    return ReachModel(fit, table, seen, backtest(posts), sorted(levels["network"]),
                      sorted(levels["post_type"]))


@lru_cache(maxsize=8)
def reach_model(business: str) -> ReachModel:
    """The reach model of a bundled business, fitted once per session."""
    return build_reach_model(load_dataset(business, "posts"))


def effects(model: ReachModel) -> pd.DataFrame:
    """Each coefficient in plain numbers: % more (or less) reach than the baseline, with an
    80 % interval and whether the data can tell it apart from no effect at all."""
    fit = model.fit
    t = _t(fit.df_resid)
    rows = []
    for i, (factor, level) in enumerate(fit.design.names()):
        if factor == "const":
            continue
        coef, se = fit.params[i], math.sqrt(fit.cov[i, i])
        rows.append({
            "factor": factor, "level": level, "baseline": fit.design.levels.get(factor, [False])[0],
            "effect": math.exp(coef) - 1, "low": math.exp(coef - t * se) - 1,
            "high": math.exp(coef + t * se) - 1,
            "clear": bool((coef - t * se > 0) or (coef + t * se < 0)),
        })
    return pd.DataFrame(rows)


# --- mentions forecast -----------------------------------------------------------------


def seasonal_forecast(daily: pd.Series, weeks: int = 4, horizon: int = 7) -> pd.Series:
    """Seasonal naive: each of the next ``horizon`` days = the mean of the same weekday in the
    last ``weeks`` weeks (``weeks=1``: exactly the same day last week)."""
    if isinstance(weeks, bool) or not isinstance(weeks, (int, np.integer)) or weeks < 1:
        raise InvalidInputError(_("El número de semanas tiene que ser un entero de 1 en adelante."))
    if len(daily) < 7 * weeks:
        raise DataError(_("Hacen falta al menos {n} días de menciones para esta previsión.").format(
            n=7 * weeks))
    recent = daily.iloc[-7 * weeks:].to_numpy(dtype=float).reshape(weeks, 7).mean(axis=0)
    values = np.array([recent[i % 7] for i in range(horizon)])
    index = pd.date_range(daily.index[-1] + pd.Timedelta(days=1), periods=horizon, freq="D",
                          name=daily.index.name)
    return pd.Series(values, index=index, name="forecast")


def forecast_backtest(daily: pd.Series, test_weeks: int = 12, weeks: int = 4) -> dict:
    """Forecast each of the last ``test_weeks`` weeks from the days before it, two ways, and
    compare weekly totals: the seasonal forecast (``weeks`` weeks averaged) against the naive
    "same as last week". Returns mean absolute errors (mentions per week) and the errors
    (actual − forecast) of the seasonal forecast, for the band."""
    if len(daily) < 7 * (test_weeks + weeks):
        raise DataError(_("Hacen falta al menos {n} semanas de menciones para comprobar la "
                          "previsión.").format(n=test_weeks + weeks))
    values = daily.to_numpy(dtype=float)
    seasonal_err, naive_err = [], []
    for k in range(test_weeks, 0, -1):
        end = len(values) - 7 * k
        history, actual = values[:end], values[end:end + 7].sum()
        seasonal = history[-7 * weeks:].sum() / weeks
        naive = history[-7:].sum()
        seasonal_err.append(float(actual - seasonal))
        naive_err.append(float(actual - naive))
    return {"test_weeks": test_weeks, "weeks": weeks,
            "mae_seasonal": float(np.mean(np.abs(seasonal_err))),
            "mae_naive": float(np.mean(np.abs(naive_err))), "errors": seasonal_err}


def next_week_mentions(daily: pd.Series, weeks: int = 4, test_weeks: int = 12) -> dict:
    """Next week's mentions: the seasonal forecast's total, with a band from the backtest
    (the 10th and 90th percentile of its past misses added to it, never below 0)."""
    forecast = seasonal_forecast(daily, weeks)
    test = forecast_backtest(daily, test_weeks, weeks)
    errors = np.array(test["errors"])
    total = float(forecast.sum())
    return {"daily": forecast, "total": total,
            "low": max(0.0, total + float(np.quantile(errors, 0.1))),
            "high": max(0.0, total + float(np.quantile(errors, 0.9))), "backtest": test}


# --- plain-words tables and charts for the notebook ------------------------------------------


def level_label(factor: str, level) -> str:
    """A model level as the learner reads it: «sábado», «reel», «Instagram», «tarde (16-19 h)»."""
    if factor == "weekday":
        return _(WEEKDAYS[int(level)])
    if factor == "band":
        return _(BAND_LABELS[level])
    if factor == "post_type":
        return _(POST_TYPE_LABELS[level]) if level in POST_TYPE_LABELS else str(level)
    if factor == "network":
        return network_label(level)
    if factor == "paid":
        return _("pagada") if level else _("orgánica")
    return str(level)


FACTOR_LABELS = {"network": N_("Red"), "post_type": N_("Tipo"), "weekday": N_("Día"),
                 "band": N_("Hora"), "paid": N_("Pago")}


def effects_table(model: ReachModel) -> pd.DataFrame:
    """The coefficients in plain words: each level against its baseline, as % of reach."""
    def signed(x: float) -> str:
        return ("+" if x >= 0 else "") + fmt_percent(x, 0)

    rows = []
    for row in effects(model).itertuples():
        factor = row.factor
        rows.append((
            _(FACTOR_LABELS[factor]), level_label(factor, row.level),
            level_label(factor, row.baseline), signed(row.effect),
            _("de {low} a {high}").format(low=signed(row.low), high=signed(row.high)),
            _("sí") if row.clear else _("no: puede ser azar"),
        ))
    return pd.DataFrame(rows, columns=[_("Qué"), _("Opción"), _("Comparada con"),
                                       _("Alcance"), _("Franja del 80 %"),
                                       _("¿Se distingue del azar?")])


def forecast_table(result: dict) -> pd.DataFrame:
    """Next week's mentions and the backtest of the forecast, as a small table."""
    test = result["backtest"]
    rows = [
        (_("Menciones previstas para la semana siguiente"), fmt_number(result["total"]),
         _("de {low} a {high} (8 de cada 10 semanas pasadas)").format(
             low=fmt_number(result["low"]), high=fmt_number(result["high"]))),
        (_("Error medio por semana: media de las {n} últimas semanas").format(n=test["weeks"]),
         fmt_number(test["mae_seasonal"], 1), _("comprobado en {n} semanas").format(
             n=test["test_weeks"])),
        (_("Error medio por semana: «igual que la semana pasada»"),
         fmt_number(test["mae_naive"], 1), _("comprobado en {n} semanas").format(
             n=test["test_weeks"])),
    ]
    return pd.DataFrame(rows, columns=[_("Previsión"), _("Valor"), _("Detalle")])


