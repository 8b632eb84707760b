"""Independent reference for chapter 1 (chapters/01-autoregressive.md), computed with statsmodels.

Run once by hand from the repository root, whenever the chapter's experiments change:

    python3 Tests/ChapterTests/References/autoregressive_reference.py

It writes autoregressive_reference.json next to this file, with the versions used. The Swift test
AutoregressiveReferenceTests.swift compares the numbers the chapter prints with this JSON, so
`swift test` never needs Python.

Conventions, the same as the chapter's:
- least squares: AutoReg(y, p, trend="c"), conditional least squares on y[p:], sigma2 = SSR / nobs;
- Yule-Walker: yule_walker(y, p, method="mle", demean=True), i.e. the mean removed and every
  autocovariance divided by n; pacf(method="ywm") and acf(adjusted=False) likewise;
- order selection: p = 0..12 on the training years, all on the common sample y[12:] (the way
  ar_select_order does it), AIC = -2 llf + 2 (p + 2) and BIC = -2 llf + ln(nobs) (p + 2);
- evaluation: weights fitted on 1700-1919 and frozen; targets 1920-2008; forecasts from
  AutoReg.predict with the frozen parameters (one step: dynamic=False; recursive: out of sample).
- statistics (the "statistics" entry): prediction intervals forecast +- z se_h with the psi
  weights of arma2ma and sigma2 = SSR / nobs (checked against AutoRegResults.get_prediction);
  Ljung-Box by acorr_ljungbox(resid, lags=[20], model_df=p); the square-root model is AutoReg on
  sqrt(y), its forecasts squared back; Dickey-Fuller by adfuller(y, maxlag=0, regression="c",
  autolag=None).
"""
import json
import math
import pathlib
import platform
import warnings

import numpy as np
import statsmodels
import statsmodels.api as sm
from statsmodels.regression.linear_model import yule_walker
from statsmodels.tsa.ar_model import AutoReg, ar_select_order
from statsmodels.stats.diagnostic import acorr_ljungbox
from statsmodels.tsa.arima_process import arma2ma
from statsmodels.tsa.stattools import acf, adfuller, pacf

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[2]

LAST_TRAINING_YEAR = 1919
MAX_ORDER = 12
MAX_HORIZON = 12
WALK_SEED = 2027
WALK_DAYS = 1000
WALK_START = 100.0
WALK_TRAINING = 750


def load():
    """The statsmodels copy of the data, checked against the CSV the chapter reads."""
    data = sm.datasets.sunspots.load_pandas().data
    years = data["YEAR"].astype(int).to_numpy()
    y = data["SUNACTIVITY"].to_numpy(dtype=float)
    rows = (ROOT / "chapters/data/sunspots.csv").read_text(encoding="utf-8").splitlines()[1:]
    csv = np.array([float(row.split(",")[1]) for row in rows])
    assert np.array_equal(csv, y), "chapters/data/sunspots.csv differs from statsmodels' sunspots"
    return years, y


def least_squares(y, p, hold_back=None):
    res = AutoReg(y, p, trend="c", hold_back=hold_back).fit()
    return {
        "intercept": float(res.params[0]),
        "phi": [float(v) for v in res.params[1:]],
        "sigma2": float(res.sigma2),
        "nobs": int(res.nobs),
    }, res


def oscillation(phi):
    """Period and damping from the roots of z^2 - phi1 z - phi2 = 0, computed with numpy."""
    roots = np.roots([1.0, -phi[0], -phi[1]])
    root = roots[np.argmax(roots.imag)]
    angle = float(np.angle(root))
    return {
        "real": float(root.real),
        "imaginary": float(root.imag),
        "modulus": float(abs(root)),
        "angle": angle,
        "period": 2 * math.pi / angle,
        "amplitude_after_one_cycle": float(abs(root) ** (2 * math.pi / angle)),
    }


def errors(predicted, actual):
    e = np.asarray(actual) - np.asarray(predicted)
    return {"rmse": float(np.sqrt(np.mean(e**2))), "mae": float(np.mean(np.abs(e)))}


def one_step(y, params, p, first_target):
    """One-step forecasts of y[first_target:] from the actual past, with frozen parameters."""
    return AutoReg(y, p, trend="c").predict(params=params, start=first_target, end=len(y) - 1, dynamic=False)


def rmse_by_horizon(y, first_target, forecaster):
    squares = np.zeros(MAX_HORIZON)
    counts = np.zeros(MAX_HORIZON)
    for origin in range(first_target - 1, len(y) - 1):
        steps = min(MAX_HORIZON, len(y) - 1 - origin)
        forecast = forecaster(origin, steps)
        for h in range(steps):
            squares[h] += (y[origin + 1 + h] - forecast[h]) ** 2
            counts[h] += 1
    return [float(v) for v in np.sqrt(squares / counts)]


def recursive(y, params, p):
    def forecaster(origin, steps):
        history = y[: origin + 1]
        return AutoReg(history, p, trend="c").predict(params=params, start=origin + 1, end=origin + steps)
    return forecaster


def order_selection(y):
    """AIC/BIC for p = 0..MAX_ORDER on the common sample y[MAX_ORDER:], from AutoReg's results.

    AutoRegResults.aic and .bic count p + 2 parameters (constant, p weights, sigma2), as the chapter
    does. ar_select_order counts one fewer (its OLS df_model leaves out the constant), which shifts
    every AIC by 2 and every BIC by ln(nobs) and so picks the same order; both facts are checked.
    """
    table = []
    for p in range(MAX_ORDER + 1):
        res = AutoReg(y, p, trend="c", hold_back=MAX_ORDER).fit()
        llf = -res.nobs / 2 * (math.log(2 * math.pi * res.sigma2) + 1)
        assert math.isclose(res.aic, -2 * llf + 2 * (p + 2), rel_tol=1e-12), (p, res.aic)
        table.append({"p": p, "sigma2": float(res.sigma2), "aic": float(res.aic), "bic": float(res.bic), "nobs": int(res.nobs)})
    selected = {}
    for ic in ("aic", "bic"):
        sel = ar_select_order(y, maxlag=MAX_ORDER, ic=ic, trend="c")
        lags = [] if sel.ar_lags is None else [int(v) for v in sel.ar_lags]
        assert lags == list(range(1, len(lags) + 1)), f"{ic}: expected consecutive lags, got {lags}"
        selected[ic] = len(lags)
        shift = 2.0 if ic == "aic" else math.log(table[0]["nobs"])
        for key, value in getattr(sel, ic).items():
            p = 0 if key == 0 else len(key)
            assert math.isclose(value + shift, table[p][ic], rel_tol=1e-10), (ic, p, value, table[p][ic])
    assert selected["aic"] == min(table, key=lambda row: row["aic"])["p"]
    assert selected["bic"] == min(table, key=lambda row: row["bic"])["p"]
    return {"table": table, "aic_order": selected["aic"], "bic_order": selected["bic"]}


def split_mix_64_normals(seed, count):
    """SplitMix64 (Steele, Lea & Flood 2014) and Box-Muller, as in the chapter."""
    mask = (1 << 64) - 1
    state = seed
    def next_u64():
        nonlocal state
        state = (state + 0x9E3779B97F4A7C15) & mask
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
        return z ^ (z >> 31)
    def uniform():
        return (next_u64() >> 11) * 2.0**-53
    normals = []
    for _ in range(count):
        u1 = 1.0 - uniform()
        u2 = uniform()
        normals.append(math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2))
    return normals


def random_walk():
    walk = [WALK_START]
    for step in split_mix_64_normals(WALK_SEED, WALK_DAYS - 1):
        walk.append(walk[-1] + step)
    walk = np.array(walk)
    train = walk[:WALK_TRAINING]
    selection = order_selection(train)
    ar1, res = least_squares(train, 1)
    test = walk[WALK_TRAINING:]
    return {
        "seed": WALK_SEED,
        "first": float(walk[0]), "last": float(walk[-1]), "lowest": float(walk.min()), "highest": float(walk.max()),
        "aic_order": selection["aic_order"], "bic_order": selection["bic_order"],
        "ar1": {**ar1, "mean": ar1["intercept"] / (1 - ar1["phi"][0])},
        "one_step": {
            "AR(1)": errors(one_step(walk, res.params, 1, WALK_TRAINING), test),
            "last value": errors(walk[WALK_TRAINING - 1:-1], test),
            "training mean": errors(np.full(len(test), train.mean()), test),
        },
    }


Z80 = 1.2815515655446004
Z95 = 1.959963984540054
LB_LAGS = 20
COVERAGE_HORIZONS = [1, 2, 3, 4, 6, 9, 12]


def forecast_se(res, p):
    """se of the 1..MAX_HORIZON step forecasts: sqrt(sigma2 * cumsum(psi^2))."""
    ar = np.r_[1.0, -np.asarray(res.params[1:])]
    psi = arma2ma(ar, np.array([1.0]), lags=MAX_HORIZON)
    se = np.sqrt(res.sigma2 * np.cumsum(psi**2))
    # statsmodels' own interval for the forecast from the end of the fitted sample agrees.
    n = len(res.model.endog)
    own = res.get_prediction(start=n, end=n + MAX_HORIZON - 1).se_mean
    assert np.allclose(own, se, rtol=1e-10), (own, se)
    return se


def coverage(y, res, p, n_train, z):
    se = forecast_se(res, p)
    forecaster = recursive(y, res.params, p)
    inside = np.zeros(MAX_HORIZON)
    counts = np.zeros(MAX_HORIZON)
    for origin in range(n_train - 1, len(y) - 1):
        steps = min(MAX_HORIZON, len(y) - 1 - origin)
        forecast = forecaster(origin, steps)
        for h in range(steps):
            counts[h] += 1
            inside[h] += abs(y[origin + 1 + h] - forecast[h]) <= z * se[h]
    return [float(v) for v in inside / counts]


def spread_by_level(y, res, p):
    median = np.sort(y)[len(y) // 2]
    resid = np.asarray(res.resid)
    previous = y[p - 1:-1]
    def rms(e):
        return float(np.sqrt(np.mean(e**2)))
    return {"low": rms(resid[previous < median]), "high": rms(resid[previous >= median])}


def statistics(y, train, n_train, ar2_res, ar9_res, walk):
    test = y[n_train:]
    half_width = Z95 * forecast_se(ar9_res, 9)
    cov = {name: {"80": coverage(y, res, p, n_train, Z80), "95": coverage(y, res, p, n_train, Z95)}
           for name, res, p in [("AR(2)", ar2_res, 2), ("AR(9)", ar9_res, 9)]}
    ljung = {}
    for name, res, p in [("AR(2)", ar2_res, 2), ("AR(9)", ar9_res, 9)]:
        lb = acorr_ljungbox(np.asarray(res.resid), lags=[LB_LAGS], model_df=p)
        ljung[name] = {"q": float(lb["lb_stat"].iloc[0]), "df": LB_LAGS - p,
                       "p_value": float(lb["lb_pvalue"].iloc[0])}
    root_train, root_y = np.sqrt(train), np.sqrt(y)
    _, root_res = least_squares(root_train, 9)
    raw_pred = one_step(y, ar9_res.params, 9, n_train)
    root_pred = one_step(root_y, root_res.params, 9, n_train)
    raw_sigma, root_sigma = math.sqrt(ar9_res.sigma2), math.sqrt(root_res.sigma2)
    lower = np.maximum(0, root_pred - Z95 * root_sigma) ** 2
    upper = (root_pred + Z95 * root_sigma) ** 2
    square_root = {
        "spread_raw": spread_by_level(train, ar9_res, 9),
        "spread_root": spread_by_level(root_train, root_res, 9),
        "raw": {**errors(raw_pred, test), "inside95": float(np.mean(np.abs(test - raw_pred) <= Z95 * raw_sigma)),
                "width": 2 * Z95 * raw_sigma},
        "root": {**errors(np.maximum(0, root_pred) ** 2, test),
                 "inside95": float(np.mean((test >= lower) & (test <= upper))),
                 "width": float(np.mean(upper - lower))},
    }
    changes = np.diff(walk)
    dickey_fuller = {}
    for name, series in [("sunspots", y), ("random walk", walk), ("changes", changes)]:
        stat, _, _, nobs, critical = adfuller(series, maxlag=0, regression="c", autolag=None,
                                              result_object=False)
        dickey_fuller[name] = {"t": float(stat), "critical5": float(critical["5%"]), "nobs": int(nobs)}
    return {
        "coverage_horizons": COVERAGE_HORIZONS,
        "ar9_half_width95": [float(half_width[h - 1]) for h in COVERAGE_HORIZONS],
        "coverage": {name: {level: [c[level][h - 1] for h in COVERAGE_HORIZONS] for level in c}
                     for name, c in cov.items()},
        "ljung_box": ljung,
        "square_root": square_root,
        "dickey_fuller": dickey_fuller,
        "change_acf": [float(v) for v in acf(changes, nlags=3, adjusted=False, fft=False)[1:]],
        "lag_polynomial_root_modulus": float(np.min(np.abs(AutoReg(y, 2, trend="c").fit().roots))),
    }


def walk_series():
    walk = [WALK_START]
    for step in split_mix_64_normals(WALK_SEED, WALK_DAYS - 1):
        walk.append(walk[-1] + step)
    return np.array(walk)


def main():
    warnings.simplefilter("error", FutureWarning)  # fail loudly if an API used here is on its way out
    years, y = load()
    n_train = int(np.searchsorted(years, LAST_TRAINING_YEAR + 1))
    train, test = y[:n_train], y[n_train:]

    ar2_full, _ = least_squares(y, 2)
    ar2_full["mean"] = ar2_full["intercept"] / (1 - sum(ar2_full["phi"]))
    ar2_full["oscillation"] = oscillation(ar2_full["phi"])

    walker = yule_walker(y, order=2, method="mle", demean=True, result_object=True)
    yule_walker_ar2 = {"phi": [float(v) for v in walker.rho], "sigma": float(walker.sigma),
                       "oscillation": oscillation(walker.rho)}

    ar2_train, ar2_res = least_squares(train, 2)
    ar9_train, ar9_res = least_squares(train, 9)
    ar2_train["oscillation"] = oscillation(ar2_train["phi"])
    train_mean = float(train.mean())

    one = {
        "AR(9)": errors(one_step(y, ar9_res.params, 9, n_train), test),
        "AR(2)": errors(one_step(y, ar2_res.params, 2, n_train), test),
        "last value": errors(y[n_train - 1:-1], test),
        "training mean": errors(np.full(len(test), train_mean), test),
    }
    from_training = AutoReg(train, 9, trend="c").predict(params=ar9_res.params, start=n_train, end=n_train + 14)
    horizons = {
        "AR(9)": rmse_by_horizon(y, n_train, recursive(y, ar9_res.params, 9)),
        "AR(2)": rmse_by_horizon(y, n_train, recursive(y, ar2_res.params, 2)),
        "last value": rmse_by_horizon(y, n_train, lambda origin, steps: np.full(steps, y[origin])),
        "mean": rmse_by_horizon(y, n_train, lambda origin, steps: np.full(steps, train_mean)),
    }

    reference = {
        "generated_by": "Tests/ChapterTests/References/autoregressive_reference.py",
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "statsmodels": statsmodels.__version__},
        "data": {"first_year": int(years[0]), "last_year": int(years[-1]), "count": int(len(y)), "mean": float(y.mean())},
        "ar2_full": ar2_full,
        "yule_walker_ar2_full": yule_walker_ar2,
        "acf": [float(v) for v in acf(y, nlags=MAX_ORDER, adjusted=False, fft=False)[1:]],
        "pacf": [float(v) for v in pacf(y, nlags=MAX_ORDER, method="ywm")[1:]],
        "last_training_year": LAST_TRAINING_YEAR,
        "order_selection": order_selection(train),
        "ar2_train": ar2_train,
        "ar9_train": ar9_train,
        "one_step": one,
        "ar9_forecast_from_1919": [float(v) for v in from_training],
        "rmse_by_horizon": horizons,
        "random_walk": random_walk(),
        "statistics": statistics(y, train, n_train, ar2_res, ar9_res, walk_series()),
    }
    out = HERE / "autoregressive_reference.json"
    out.write_text(json.dumps(reference, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
