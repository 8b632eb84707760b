"""Writes chapters/data/co2-monthly.csv from the weekly Mauna Loa CO2 record that statsmodels ships.

Run once by hand from the repository root:  python3 Tests/ChapterTests/References/export_co2.py
The CSV is committed; nothing in the build or the tests runs this script.

statsmodels.datasets.co2 holds weekly averages (ppmv), March 1958 to December 2001, from the
Scripps Institution of Oceanography's continuous record at Mauna Loa (C. D. Keeling's programme);
59 of its 2,284 weeks have no value. Each weekly value is counted in the calendar month of the
date statsmodels gives it. A month's value is the plain mean of its weekly values that are not
missing, rounded to 2 decimals; a month with no weekly value at all is written with an empty
value and 0 weeks, never filled in. Months with at least one weekly value are kept as they are,
however few their weeks.
"""
import math
import pathlib

import pandas as pd
import statsmodels
import statsmodels.api as sm
from statsmodels.datasets.co2 import data as co2_module

weekly = sm.datasets.co2.load_pandas().data["co2"]
assert len(weekly) == 2284 and int(weekly.isna().sum()) == 59, "unexpected statsmodels co2 data"
assert co2_module.COPYRIGHT.strip() == "This is public domain.", co2_module.COPYRIGHT

present = weekly.dropna()
groups = present.groupby(present.index.to_period("M"))
months = pd.period_range(weekly.index[0].to_period("M"), weekly.index[-1].to_period("M"), freq="M")

header = [
    "# Mauna Loa Observatory, Hawaii: atmospheric CO2 in ppmv, monthly means of the",
    "# weekly averages that statsmodels ships as statsmodels.datasets.co2",
    f"# (statsmodels {statsmodels.__version__}), March 1958 - December 2001: the Scripps Institution of",
    "# Oceanography record begun by C. D. Keeling (the Keeling curve). statsmodels cites",
    "# Keeling, C.D. and T.P. Whorf (2004), Trends: A Compendium of Data on Global",
    "# Change, CDIAC, Oak Ridge National Laboratory. Licence, statsmodels' COPYRIGHT:",
    "# \"This is public domain.\"",
    "# Each weekly value counts in the calendar month of its date; co2 is the mean of",
    "# the month's non-missing weekly values, rounded to 2 decimals; weeks is how many.",
    "# A month with no weekly value has an empty co2 and weeks 0: gaps are not filled.",
    "# Made by Tests/ChapterTests/References/export_co2.py.",
    "month,co2,weeks",
]
rows = []
gaps = 0
for month in months:
    if month in groups.groups:
        values = groups.get_group(month)
        mean = float(values.mean())
        assert math.isfinite(mean)
        rows.append(f"{month.year:04d}-{month.month:02d},{mean:.2f},{len(values)}")
    else:
        gaps += 1
        rows.append(f"{month.year:04d}-{month.month:02d},,0")

target = pathlib.Path("chapters/data/co2-monthly.csv")
target.write_text("\n".join(header + rows) + "\n", encoding="utf-8")
print(f"wrote {target}: {len(rows)} months, {gaps} without a value, statsmodels {statsmodels.__version__}")
