"""Writes chapters/data/sunspots.csv from the copy of the yearly sunspot numbers that statsmodels ships.

Run once by hand from the repository root:  python3 Tests/ChapterTests/References/export_sunspots.py
The CSV is committed; nothing in the build or the tests runs this script.
"""
import pathlib

import statsmodels.api as sm

data = sm.datasets.sunspots.load_pandas().data
years = data["YEAR"].astype(int).tolist()
values = data["SUNACTIVITY"].tolist()
assert years == list(range(1700, 2009)), "expected one row per year, 1700 to 2008"

lines = ["year,sunspots"] + [f"{year},{value!r}" for year, value in zip(years, values)]
target = pathlib.Path("chapters/data/sunspots.csv")
target.write_text("\n".join(lines) + "\n", encoding="utf-8")
print(f"wrote {target}: {len(values)} years, statsmodels {sm.__version__}")
