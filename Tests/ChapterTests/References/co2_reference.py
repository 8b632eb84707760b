"""Independent reference for the Keeling-curve section of chapter 3 (chapters/03-lstm.md), with statsmodels.

Run by hand from the repository root, whenever that section's AR experiment changes:

    python3 Tests/ChapterTests/References/co2_reference.py

It writes co2_reference.json next to this file, with the versions used. The Swift test
CO2ReferenceTests.swift compares the numbers the chapter prints with this JSON, so `swift test`
never needs Python. Only the autoregressive model and the two baselines are checked here; the
networks are SeqKit's own and are checked against PyTorch elsewhere.

Conventions, the same as the chapter's:
- data: chapters/data/co2-monthly.csv (made by export_co2.py from statsmodels.datasets.co2, and
  checked against it here), the months from May 1964, the first after the last gap, to Dec 2001;
- the model's series: the seasonal difference s[t] = y[t] - y[t-12] (ppm over twelve months);
- split by the month forecast: training up to Dec 1993, validation 1994-1997, test 1998-2001;
- AR(p), p = 1..24, AutoReg(s_train, p, trend="c", hold_back=24): every order is fitted by
  least squares on the same training targets, the ones with 24 earlier values of s;
- the order is the one of lowest one-step RMSE on the validation months, with the training
  weights frozen; the test months are forecast once, one step ahead from the actual past:
  y_hat[t] = y[t-12] + s_hat[t];
- baselines: naive y_hat[t] = y[t-1], seasonal naive y_hat[t] = y[t-12], and naive on s,
  y_hat[t] = y[t-12] + s[t-1].
"""
import json
import pathlib
import platform
import warnings

import numpy as np
import pandas as pd
import statsmodels
import statsmodels.api as sm
from statsmodels.tsa.ar_model import AutoReg

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[2]

FIRST_MONTH = "1964-05"
LAST_TRAINING = "1993-12"
LAST_VALIDATION = "1997-12"
SEASON = 12
MAX_ORDER = 24


def read_csv():
    """The committed CSV: (month, value or None, weeks), checked against statsmodels' weekly data."""
    lines = (ROOT / "chapters/data/co2-monthly.csv").read_text(encoding="utf-8").splitlines()
    rows = [line.split(",") for line in lines if not line.startswith("#")][1:]
    weekly = sm.datasets.co2.load_pandas().data["co2"].dropna()
    by_month = weekly.groupby(weekly.index.to_period("M"))
    for month, value, weeks in rows:
        period = pd.Period(month, freq="M")
        if value == "":
            assert weeks == "0" and period not in by_month.groups, month
        else:
            values = by_month.get_group(period)
            assert int(weeks) == len(values), month
            assert abs(float(value) - values.mean()) <= 0.005 + 1e-9, month
    return rows


def errors(predicted, actual):
    e = np.asarray(actual) - np.asarray(predicted)
    return {"rmse": float(np.sqrt(np.mean(e**2))), "mae": float(np.mean(np.abs(e)))}


def main():
    warnings.simplefilter("error", FutureWarning)
    rows = read_csv()
    months = [r[0] for r in rows]
    start = months.index(FIRST_MONTH)
    kept = rows[start:]
    assert all(r[1] != "" for r in kept), "a gap after the first month kept"
    months = [r[0] for r in kept]
    y = np.array([float(r[1]) for r in kept])
    s = y[SEASON:] - y[:-SEASON]        # s[i] belongs to month i + SEASON of y
    s_months = months[SEASON:]
    end_train = s_months.index(LAST_TRAINING) + 1
    end_validation = s_months.index(LAST_VALIDATION) + 1
    train = s[:end_train]
    validation = range(end_train, end_validation)
    test = range(end_validation, len(s))

    def level(i, s_hat):
        """The forecast of y at the month of s[i] from a forecast of s[i]."""
        return y[i] + s_hat     # y index i is the month twelve before s index i

    table = []
    fits = {}
    for p in range(1, MAX_ORDER + 1):
        res = AutoReg(train, p, trend="c", hold_back=MAX_ORDER).fit()
        model = AutoReg(s, p, trend="c", hold_back=MAX_ORDER)
        predicted = model.predict(params=res.params, start=end_train, end=len(s) - 1, dynamic=False)
        predicted = np.asarray(predicted)
        val_pred = [level(i, predicted[i - end_train]) for i in validation]
        val_true = [y[i + SEASON] for i in validation]
        table.append({"p": p, "validation": errors(val_pred, val_true)})
        fits[p] = (res, predicted)
    best = min(table, key=lambda row: row["validation"]["rmse"])["p"]
    res, predicted = fits[best]
    test_pred = [level(i, predicted[i - end_train]) for i in test]
    test_true = [y[i + SEASON] for i in test]
    val_true = [y[i + SEASON] for i in validation]

    def baseline(lag, indices):
        return [y[i + SEASON - lag] for i in indices]

    def naive_on_s(indices):
        """This year's change is last month's: y[t-12] + s[t-1]."""
        return [level(i, s[i - 1]) for i in indices]

    reference = {
        "generated_by": "Tests/ChapterTests/References/co2_reference.py",
        "versions": {"python": platform.python_version(), "numpy": np.__version__,
                     "pandas": pd.__version__, "statsmodels": statsmodels.__version__},
        "data": {
            "first_month": months[0], "last_month": months[-1], "count": int(len(y)),
            "gaps": [r[0] for r in rows if r[1] == ""],
            "training_targets": int(end_train - MAX_ORDER),
            "validation_targets": len(validation), "test_targets": len(test),
            "first_training_target": s_months[MAX_ORDER],
            "training_s_mean": float(train[MAX_ORDER:].mean()),
        },
        "orders": table,
        "order": best,
        "ar": {"intercept": float(res.params[0]), "phi": [float(v) for v in res.params[1:]],
               "sigma2": float(res.sigma2), "nobs": int(res.nobs)},
        "validation": {
            "AR": errors([level(i, predicted[i - end_train]) for i in validation], val_true),
            "naive": errors(baseline(1, validation), val_true),
            "seasonal naive": errors(baseline(SEASON, validation), val_true),
            "naive on s": errors(naive_on_s(validation), val_true),
        },
        "test": {
            "AR": errors(test_pred, test_true),
            "naive": errors(baseline(1, test), test_true),
            "seasonal naive": errors(baseline(SEASON, test), test_true),
            "naive on s": errors(naive_on_s(test), test_true),
        },
        "test_forecasts": [float(v) for v in test_pred],
    }
    out = HERE / "co2_reference.json"
    out.write_text(json.dumps(reference, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)}: AR({best}), test RMSE {reference['test']['AR']['rmse']:.4f}")


if __name__ == "__main__":
    main()
