#!/usr/bin/env python3
"""A straightforward pandas implementation of Kith's neglected-ties and reciprocity numbers.

    python3 pandas_neglect.py DATA_DIR OUT_DIR [--as-of SECONDS] [--ego ID]

Reads DATA_DIR/{people,interactions,exchanges}.csv (see generate.py) and writes, to OUT_DIR,
the same CSV files as kith-compare: neglected.csv, reciprocity.csv, reciprocity_network.csv,
ego_ties.csv, and timings.json. As of: --as-of, else the latest interaction's time.

What it computes (ARCHITECTURE.md, "Tie strength and decay", "Cadence, neglect and dormant
ties", "Reciprocity"; the Swift code is the reference):

- Tie strength per pair: an interaction of kind k among n = 2 people adds w = weight(k)/(n−1);
  with a pair's events in time order, s_k = s_{k−1}·2^(−(t_k − t_{k−1})/h) + w_k, peak = max s_k,
  strength at T = s_last·2^(−(T − t_last)/h); h = 180 days. The recurrence is evaluated in
  closed form, s_k = 2^(−(t_k − t_0)/h) · Σ_{j≤k} w_j·2^((t_j − t_0)/h) with t_0 the pair's
  first time, as a grouped cumulative sum (the vectorised way to write it in pandas; a Python
  loop over 10M events would be far slower). Exponents stay below 2^7 over three years.
- Days of contact: the distinct UTC day numbers (time // 86400) with an interaction; an
  interaction and its reply on one day are one day.
- Runs: scanning a contact's days in order, a gap longer than the lost threshold of the gap
  learned so far in the current run (with ≥ 3 days in it: the larger of 8 × max(its median gap,
  7) and 180 days) ends the run, and a new one starts at the day that ended the silence. Only
  gaps over 180 days can do that, so only the few contacts with one go through a Python loop.
- Cadence of an ego contact: with ≥ 3 days in the latest run, the median gap between its
  consecutive days (the mean of the middle two for an even count), in days, floored at 7; else
  the Dunbar tier of the contact's rank among the ego's ties by peak (strongest first, ties
  broken by handle): ranks 1–5 → 7 days, 6–15 → 30, 16–50 → 180, 51–150 → 365, beyond → none.
  A tie revived after a loss with < 3 days since has no rhythm yet: its rank is 1 + the number
  of the ego's other ties whose peak is greater than its current strength. (No explicit or tag
  cadences exist in this data.)
- Revived by an exchange: an exchange between the ego and the contact (either way, at or before
  as of) after the last interaction, more days after it (day numbers) than the lost threshold of
  the latest run (≥ 3 days in it: the larger of 8 × max(its median gap, 7) and 180 days), ends
  the silence as an interaction would: the tie is revived with no days of contact since, so it
  has no rhythm yet (the tier of its rank by current strength, as above). Kith dates the revival
  by the first such exchange; for the numbers only whether there is one matters, and the latest
  exchange is one if any is.
- Last contact: the last interaction with the contact, or a later exchange between the ego and
  the contact (either way), at or before as of.
- Overdue ratio = days since the last contact / cadence; neglected when > 1, unless lost:
  days since > the larger of 8 × the usual gap (the learned cadence) and 180 days, or for a
  tier cadence, where there is no usual gap, > the larger of 2 × the cadence and 365 days.
  Value at risk = peak ×
  min(ratio, 8); ranked by value at risk, highest first, then handle.
  Kith's snapshot stores strength and peak as 32-bit floats, and its ranks and values at
  risk use those: this script rounds the peak to float32 for the rank and the value at risk
  too, so that the lists agree exactly; ego_ties.csv and the neglected list report the full
  double-precision strength and peak.
- Reciprocity per contact (anyone the ego exchanged with or interacted with): G, R = decayed
  value given to / received from them (introduction, referral, job-lead 3; help 2; others 1;
  decayed like interactions), balance = (G − R)/(G + R + 1); initiation share = the ego's
  fraction of interactions whose initiator is the ego or the contact; flags taking (R ≥ 2 and
  balance ≤ −0.5), always-initiating / they-initiate (share ≥ 0.8 / ≤ 0.2 over ≥ 5 known);
  sorted by balance ascending, then handle. Network: total G, R, and the fraction of directed
  giver→receiver pairs (all exchanges) whose reverse pair also exists.
"""

import argparse
import json
import os
import sys
import time

T_START = time.perf_counter()

try:
    import numpy as np
    import pandas as pd
except ImportError as e:  # pragma: no cover
    sys.exit(f"pandas_neglect.py needs pandas and numpy ({e}): pip install pandas")

T_IMPORT = time.perf_counter()

HALF_LIFE = 180 * 86_400.0
WEIGHTS = {"meeting": 1.0, "video": 0.8, "call": 0.8, "message": 0.3, "email": 0.3,
           "event": 0.5, "social": 0.1, "other": 0.3}
VALUES = {"introduction": 3.0, "referral": 3.0, "job-lead": 3.0, "help": 2.0, "advice": 1.0,
          "information": 1.0, "endorsement": 1.0, "gift": 1.0, "favour": 1.0}
TIERS = [(5, 7.0), (15, 30.0), (50, 180.0), (150, 365.0)]
MIN_LEARNED_DAYS = 7.0
LOST_MULTIPLE = 8.0
TIER_LOST_MULTIPLE = 2.0
TIER_LOST_FLOOR_DAYS = 365.0
MIN_LEARNED_RUN_DAYS = 3
LEARNED_LOST_FLOOR_DAYS = 180.0
OVERDUE_CAP = 8.0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data")
    ap.add_argument("out")
    ap.add_argument("--as-of", type=int)
    ap.add_argument("--ego", type=int, default=0)
    args = ap.parse_args()
    ego = args.ego
    timings = {"import": T_IMPORT - T_START}
    t = time.perf_counter()

    def lap(name):
        nonlocal t
        now = time.perf_counter()
        timings[name] = now - t
        t = now

    # --- parse ------------------------------------------------------------------------------
    people = pd.read_csv(os.path.join(args.data, "people.csv"), dtype={"id": "int64", "handle": str},
                         keep_default_na=False)
    inter = pd.read_csv(os.path.join(args.data, "interactions.csv"),
                        dtype={"time": "int64", "kind": "category", "a": "int64", "b": "int64",
                               "initiator": "float64"})  # empty → NaN
    ex = pd.read_csv(os.path.join(args.data, "exchanges.csv"),
                     dtype={"time": "int64", "giver": "int64", "receiver": "int64", "kind": "category"})
    lap("parse")

    as_of = args.as_of if args.as_of is not None else int(inter["time"].max())
    inter = inter[inter["time"] <= as_of]
    handle = people.set_index("id")["handle"]

    # --- tie strength and peak per pair ------------------------------------------------------
    u = np.minimum(inter["a"].to_numpy(), inter["b"].to_numpy())
    v = np.maximum(inter["a"].to_numpy(), inter["b"].to_numpy())
    ev = pd.DataFrame({
        "pair": (u << 32) | v,
        "time": inter["time"].to_numpy(),
        "w": inter["kind"].map(WEIGHTS).astype("float64").to_numpy() / (2 - 1),
    })
    ev = ev.sort_values(["pair", "time"], kind="stable", ignore_index=True)
    g = ev.groupby("pair", sort=False)
    t0 = g["time"].transform("first")
    x = ev["w"] * np.exp2((ev["time"] - t0) / HALF_LIFE)
    ev["s"] = x.groupby(ev["pair"], sort=False).cumsum() * np.exp2(-(ev["time"] - t0) / HALF_LIFE)
    ties = ev.groupby("pair", sort=True).agg(
        count=("time", "size"), tie_last=("time", "last"), s_last=("s", "last"), peak=("s", "max"))
    ties["strength"] = ties["s_last"] * np.exp2(-np.maximum(as_of - ties["tie_last"], 0) / HALF_LIFE)
    pair = ties.index.to_numpy()
    ties["u"] = pair >> 32
    ties["v"] = pair & 0xFFFFFFFF
    lap("ties")

    # --- the ego's interactions, per contact -------------------------------------------------
    mine = inter[(inter["a"] == ego) | (inter["b"] == ego)]
    hist = pd.DataFrame({
        "contact": np.where(mine["a"].to_numpy() == ego, mine["b"].to_numpy(), mine["a"].to_numpy()),
        "time": mine["time"].to_numpy(),
        "initiator": mine["initiator"].to_numpy(),  # float, NaN when unknown
    })
    hist = hist.sort_values(["contact", "time"], kind="stable", ignore_index=True)
    hist["by_ego"] = hist["initiator"] == ego
    hist["known"] = hist["by_ego"] | (hist["initiator"] == hist["contact"])
    per = hist.groupby("contact").agg(
        n=("time", "size"), last=("time", "max"), mine=("by_ego", "sum"), known=("known", "sum"))
    # Days of contact, and where each contact's latest run of them starts.
    days = pd.DataFrame({"contact": hist["contact"].to_numpy(),
                         "day": hist["time"].to_numpy() // 86_400}).drop_duplicates(ignore_index=True)
    days["gap"] = days.groupby("contact", sort=False)["day"].diff()
    first_day = days.groupby("contact", sort=True)["day"].first()
    run_start = first_day.copy()
    silent = days.loc[days["gap"] > LEARNED_LOST_FLOOR_DAYS, "contact"].unique()
    for contact, ds in days[days["contact"].isin(silent)].groupby("contact")["day"]:
        ds = ds.to_numpy()
        gaps = np.diff(ds)
        start = 0
        # Only the gaps over 180 days can end a run: the loop visits those, not every day.
        for i in np.flatnonzero(gaps > LEARNED_LOST_FLOOR_DAYS) + 1:
            if i - start >= MIN_LEARNED_RUN_DAYS:
                learned = max(np.median(gaps[start:i - 1]), MIN_LEARNED_DAYS)
                if gaps[i - 1] > max(LOST_MULTIPLE * learned, LEARNED_LOST_FLOOR_DAYS):
                    start = i  # lost: the day that ended the silence starts a new run
        run_start[contact] = ds[start]
    start_day = days["contact"].map(run_start)
    run = days[days["day"] >= start_day].copy()
    run["gap"] = run["gap"].where(run["day"] > start_day[run.index])  # no gap into a run
    per = per.join(run.groupby("contact").agg(run_days=("day", "size"), median_gap=("gap", "median")))
    per["revived"] = (run_start > first_day).reindex(per.index)
    lap("history")

    # --- neglected --------------------------------------------------------------------------
    et = ties[(ties["u"] == ego) | (ties["v"] == ego)].copy()
    et["contact"] = np.where(et["u"] == ego, et["v"], et["u"])
    et = et.set_index("contact")
    et["handle"] = handle.reindex(et.index).to_numpy()
    et["peak32"] = et["peak"].astype("float32")
    ranked = et.sort_values(["peak32", "handle"], ascending=[False, True])
    et["peak_rank"] = pd.Series(np.arange(1, len(ranked) + 1), index=ranked.index)
    c = et.join(per, how="inner")  # contacts with at least one interaction
    # The latest exchange between the ego and each contact, either way.
    ex_mine = ex[(ex["time"] <= as_of) & ((ex["giver"] == ego) | (ex["receiver"] == ego))]
    ex_other = np.where(ex_mine["giver"].to_numpy() == ego, ex_mine["receiver"].to_numpy(),
                        ex_mine["giver"].to_numpy())
    last_ex = pd.Series(ex_mine["time"].to_numpy()).groupby(ex_other).max()
    c["last_ex"] = (last_ex.reindex(c.index).fillna(np.iinfo(np.int64).min).to_numpy()
                    .astype("int64"))
    # An exchange after the last interaction, more days after it than the latest run's lost
    # threshold (a run of >= 3 days), revives the tie: no days of contact since, no rhythm.
    has_run = c["run_days"] >= MIN_LEARNED_RUN_DAYS
    run_lost_after = np.maximum(LOST_MULTIPLE * np.maximum(c["median_gap"], MIN_LEARNED_DAYS),
                                LEARNED_LOST_FLOOR_DAYS)
    by_exchange = has_run & (c["last_ex"] > c["last"]) & (
        c["last_ex"] // 86_400 - c["last"] // 86_400 > run_lost_after)
    learned = np.where(has_run & ~by_exchange, c["median_gap"], np.nan)
    # A revived tie with no rhythm yet is ranked by its strength now among the other ties' peaks.
    peaks = np.sort(et["peak32"].to_numpy())
    now32 = c["strength"].astype("float32").to_numpy()
    greater = len(peaks) - np.searchsorted(peaks, now32, side="right") - (c["peak32"].to_numpy() > now32)
    revived = c["revived"].to_numpy(dtype=bool) | by_exchange.to_numpy()
    rank = np.where(revived & np.isnan(learned), greater + 1, c["peak_rank"])
    tier = np.select([rank <= r for r, _ in TIERS], [d for _, d in TIERS], default=np.nan)
    c["cadence_days"] = np.where(np.isnan(learned), tier, np.maximum(learned, MIN_LEARNED_DAYS))
    c["cadence_source"] = np.where(np.isnan(learned), "tier", "learned")
    c = c[c["cadence_days"].notna()]
    # An exchange with the ego after the last interaction is the last contact.
    c["last"] = np.maximum(c["last"].to_numpy(), c["last_ex"].to_numpy())
    c["days_since"] = (as_of - c["last"]) / 86_400
    c["overdue_ratio"] = c["days_since"] / c["cadence_days"]
    lost_after = np.where(
        c["cadence_source"] == "tier",
        np.maximum(TIER_LOST_MULTIPLE * c["cadence_days"], TIER_LOST_FLOOR_DAYS),
        np.maximum(LOST_MULTIPLE * c["cadence_days"], LEARNED_LOST_FLOOR_DAYS))
    lost = c["days_since"] > lost_after
    neg = c[(c["overdue_ratio"] > 1) & ~lost].copy()
    neg["value_at_risk"] = neg["peak32"].astype("float64") * np.minimum(neg["overdue_ratio"], OVERDUE_CAP)
    neg = neg.sort_values(["value_at_risk", "handle"], ascending=[False, True])
    lap("neglected")

    # --- reciprocity ------------------------------------------------------------------------
    ex = ex[ex["time"] <= as_of]
    value = ex["kind"].map(VALUES).astype("float64") * np.exp2(
        -np.maximum(as_of - ex["time"], 0) / HALF_LIFE)
    given = value[ex["giver"] == ego].groupby(ex["receiver"][ex["giver"] == ego]).sum()
    received = value[ex["receiver"] == ego].groupby(ex["giver"][ex["receiver"] == ego]).sum()
    contacts = given.index.union(received.index).union(per.index).difference([ego])
    r = pd.DataFrame(index=contacts)
    r["given"] = given.reindex(contacts, fill_value=0.0)
    r["received"] = received.reindex(contacts, fill_value=0.0)
    r["balance"] = (r["given"] - r["received"]) / (r["given"] + r["received"] + 1)
    r["interactions"] = per["n"].reindex(contacts, fill_value=0).astype("int64")
    r["mine"] = per["mine"].reindex(contacts, fill_value=0).astype("int64")
    r["initiations_known"] = per["known"].reindex(contacts, fill_value=0).astype("int64")
    r["initiation_share"] = np.where(r["initiations_known"] > 0,
                                     r["mine"] / r["initiations_known"].where(r["initiations_known"] > 0, 1),
                                     np.nan)
    taking = (r["received"] >= 2) & (r["balance"] <= -0.5)
    enough = r["initiations_known"] >= 5
    always = enough & (r["initiation_share"] >= 0.8)
    they = enough & (r["initiation_share"] <= 0.2)
    flags = pd.Series("", index=r.index)
    for mask, name in ((taking, "taking"), (always, "always-initiating"), (they, "they-initiate")):
        flags = flags.where(~mask, np.where(flags == "", name, flags + ";" + name))
    r["flags"] = flags
    r["handle"] = handle.reindex(r.index).to_numpy()
    r = r.sort_values(["balance", "handle"], ascending=[True, True])
    pairs = ex[["giver", "receiver"]].drop_duplicates()
    back = pairs.merge(pairs.rename(columns={"giver": "receiver", "receiver": "giver"}),
                       on=["giver", "receiver"], how="inner")
    fraction = len(back) / len(pairs) if len(pairs) else np.nan
    network = pd.DataFrame({"given": [r["given"].sum()], "received": [r["received"].sum()],
                            "reciprocated_pairs_fraction": [fraction]})
    lap("reciprocity")

    # --- results ----------------------------------------------------------------------------
    os.makedirs(args.out, exist_ok=True)
    out = neg.reset_index().rename(columns={"index": "id", "contact": "id"})
    out.insert(0, "rank", np.arange(1, len(out) + 1))
    out["last_contact"] = out["last"]
    out["status"] = "neglected"
    out[["rank", "id", "handle", "last_contact", "days_since", "cadence_days", "cadence_source",
         "overdue_ratio", "strength", "peak", "value_at_risk", "status"]].to_csv(
        os.path.join(args.out, "neglected.csv"), index=False)
    rec = r.reset_index().rename(columns={"index": "id"})
    rec.insert(0, "rank", np.arange(1, len(rec) + 1))
    rec[["rank", "id", "handle", "given", "received", "balance", "initiation_share", "interactions",
         "initiations_known", "flags"]].to_csv(os.path.join(args.out, "reciprocity.csv"), index=False)
    network.to_csv(os.path.join(args.out, "reciprocity_network.csv"), index=False)
    ego_ties = et.join(per[["last"]], how="left").sort_index().reset_index()
    ego_ties = ego_ties.rename(columns={"contact": "id", "last": "last_contact"})
    ego_ties["last_contact"] = ego_ties["last_contact"].astype("Int64")
    ego_ties[["id", "handle", "count", "last_contact", "strength", "peak"]].to_csv(
        os.path.join(args.out, "ego_ties.csv"), index=False)
    lap("write")

    timings["end_to_end"] = time.perf_counter() - T_START
    timings.update({"as_of": as_of, "count_neglected": len(neg), "count_reciprocity": len(r),
                    "count_ties": len(ties), "pandas": pd.__version__, "numpy": np.__version__})
    with open(os.path.join(args.out, "timings.json"), "w") as f:
        json.dump(timings, f, indent=2, sort_keys=True)
    print(f"pandas_neglect: {len(people)} people, {len(ties)} ties, {len(hist)} ego interactions, "
          f"{len(ex)} exchanges; {len(neg)} neglected, {len(r)} reciprocity entries")
    for k in ("import", "parse", "ties", "history", "neglected", "reciprocity", "write", "end_to_end"):
        print(f"  {k:<12} {timings[k]:8.3f} s")


if __name__ == "__main__":
    main()
