#!/usr/bin/env python3
"""Writes a synthetic ego network for the Kith-vs-pandas comparison.

    python3 generate.py OUT_DIR [--small] [--seed N] [--alters N] [--interactions N]

Files (comma-separated, with a header row):

- interactions.csv  time,kind,a,b,initiator   (time: unix seconds; a, b: person ids, the ego
                                              is 0; initiator: a or b, or empty; rows in time
                                              order, as an export of a log would be)
- exchanges.csv     time,giver,receiver,kind
- people.csv        id,handle                 (id 0 is the ego, handle "me")

The network, seeded and deterministic (numpy's PCG64):

- three years from 2023-01-01 UTC;
- 50,000 alters and 10,000,000 interactions by default (--small: 2,000 and 100,000);
- 85% ego–alter interactions, with heavy-tailed (log-normal) per-alter rates, so that a few
  alters have tens of thousands of interactions and many have one or two; each alter has an
  active period: most are active until the end, about a third went silent at some point, some
  were met only recently;
- 15% alter–alter interactions, within communities of 20–400 people, over a fixed set of
  pairs with heavy-tailed rates (repeated ties, as in real data);
- kinds: message 35%, email 15%, call 15%, meeting 12%, video 8%, social 8%, event 4%,
  other 3%; initiator: known for 80% of interactions, with a per-alter bias (some alters
  always reply, some always reach out);
- exchanges (~200,000; --small: 4,000): 80% between the ego and an alter (weighted by the
  alter's rate, given or received with a per-alter bias), 20% between alters (half of those
  within pairs that exchange both ways).

Only numpy is needed.
"""

import argparse
import os
import sys
import time as _time

import numpy as np

START = 1_672_531_200  # 2023-01-01T00:00:00Z
SPAN = 3 * 365 * 86_400

KINDS = np.array(["message", "email", "call", "meeting", "video", "social", "event", "other"])
KIND_P = np.array([0.35, 0.15, 0.15, 0.12, 0.08, 0.08, 0.04, 0.03])

EXCHANGE_KINDS = np.array(
    ["introduction", "referral", "job-lead", "advice", "information", "help", "endorsement",
     "gift", "favour"])
EXCHANGE_P = np.array([0.08, 0.05, 0.03, 0.22, 0.25, 0.15, 0.07, 0.07, 0.08])

FIRST = """ada alan alex alice amir ana andre anna anton aria arjun ben bea beth bo carl carla
carlos chen chloe chris clara dan dana david diego dina ed eli elena ella emil emma eric eva
farah felix fern finn fred gabe gina grace greg hana hans hugo ian ida igor ines iris ivan jack
jade jan jane jen jin joao joe john jon jose juan julia june kai kara kate ken kim kira lars
lea leo li lily lin lisa liv luca lucy luis mai maja mara marc maria mark mary max maya mei
mia mike mila milo mina nadia nate nia nick nina noah nora olga omar oscar otto paul pedro
pia priya quinn rafa raj ravi rita rosa ruth ryan sam sara sean sofia sora sven tara ted theo
tom tony uma vera vic wei will xena yara yuki yusuf zara zoe""".split()

LAST = """abbott adams ali alves bauer becker berg bianchi brown bruno castro chen clark cohen
costa cruz das diaz dubois eriksen evans fischer garcia gomez gray green gupta hall hansen
harris hill ito jansen jensen johnson jones kaur kelly khan kim king klein koch kowalski kumar
lee lewis li lopez martin meyer miller moore morales muller murphy nagy nguyen novak olsen
park patel perez petrov popescu price reyes rossi roy russo sato schmidt silva singh smith
sousa suzuki tanaka taylor torres wagner walker wang weber white wilson wong wu yamamoto yang
young zhang""".split()


def handles(n, rng):
    """n unique slugs: 'first-last', then 'first-last-2', … for repeats; ego is 'me'."""
    f = rng.integers(0, len(FIRST), n)
    l = rng.integers(0, len(LAST), n)
    seen = {}
    out = ["me"]
    for i in range(n):
        base = f"{FIRST[f[i]]}-{LAST[l[i]]}"
        k = seen.get(base, 0) + 1
        seen[base] = k
        out.append(base if k == 1 else f"{base}-{k}")
    return out


def allocate(total, weights, rng, minimum=0):
    """Splits `total` into len(weights) counts ≥ minimum, proportional to weights."""
    n = len(weights)
    rest = total - minimum * n
    p = weights / weights.sum()
    return minimum + rng.multinomial(rest, p)


def write_csv(path, header, columns, chunk=1_000_000):
    """Writes string/int columns as CSV fast enough for 10M rows (vectorised per chunk)."""
    n = len(columns[0])
    with open(path, "w", encoding="ascii", newline="") as f:
        f.write(header + "\n")
        for lo in range(0, n, chunk):
            hi = min(n, lo + chunk)
            parts = [c[lo:hi].astype(str) if c.dtype.kind in "iu" else c[lo:hi] for c in columns]
            line = parts[0]
            for p in parts[1:]:
                line = np.char.add(np.char.add(line, ","), p)
            f.write("\n".join(line.tolist()))
            f.write("\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--small", action="store_true", help="2,000 alters, 100,000 interactions")
    ap.add_argument("--seed", type=int, default=20260101)
    ap.add_argument("--alters", type=int)
    ap.add_argument("--interactions", type=int)
    ap.add_argument("--exchanges", type=int)
    args = ap.parse_args()
    n_alters = args.alters or (2_000 if args.small else 50_000)
    n_inter = args.interactions or (100_000 if args.small else 10_000_000)
    n_ex = args.exchanges or (4_000 if args.small else 200_000)
    rng = np.random.default_rng(args.seed)
    t0 = _time.time()
    os.makedirs(args.out, exist_ok=True)

    alters = np.arange(1, n_alters + 1, dtype=np.int64)

    # --- ego–alter interactions -------------------------------------------------------------
    n_ego = int(n_inter * 0.85)
    rate = rng.lognormal(mean=0.0, sigma=1.6, size=n_alters)
    counts = allocate(n_ego, rate, rng, minimum=1)
    # Active period [lo, hi) per alter: met at the start (60%) or later; 35% went silent.
    met = np.where(rng.random(n_alters) < 0.6, 0.0, rng.random(n_alters) ** 1.5)
    # A few were met in the last 60 days (new contacts, some met only once).
    recent = rng.random(n_alters) < 0.01
    met[recent] = 1.0 - rng.random(recent.sum()) * (60 / (3 * 365))
    silent = rng.random(n_alters) < 0.35
    end = np.where(silent, met + (1.0 - met) * rng.random(n_alters), 1.0)
    lo = (met * SPAN).astype(np.int64)
    hi = np.maximum((end * SPAN).astype(np.int64), lo + 1)
    contact = np.repeat(alters, counts)
    span = np.repeat(hi - lo, counts)
    t_ego = START + np.repeat(lo, counts) + (rng.random(n_ego) * span).astype(np.int64)
    # Initiator: known 80%; the ego's share is drawn per alter (Beta(0.7, 0.7): many extremes).
    ego_share = np.repeat(rng.beta(0.7, 0.7, n_alters), counts)
    known = rng.random(n_ego) < 0.8
    by_ego = rng.random(n_ego) < ego_share
    init_ego = np.where(known, np.where(by_ego, 0, contact), -1)
    # Either column order.
    swap = rng.random(n_ego) < 0.5
    a_ego = np.where(swap, contact, 0)
    b_ego = np.where(swap, 0, contact)

    # --- alter–alter interactions -----------------------------------------------------------
    n_aa = n_inter - n_ego
    perm = rng.permutation(alters)
    sizes = []
    total = 0
    while total < n_alters:
        s = int(rng.integers(20, 401))
        sizes.append(min(s, n_alters - total))
        total += sizes[-1]
    bounds = np.concatenate([[0], np.cumsum(sizes)])
    n_pairs = max(n_aa // 5, 1)
    comm = rng.integers(0, len(sizes), n_pairs)
    size = np.array(sizes)[comm]
    i = (rng.random(n_pairs) * size).astype(np.int64)
    j = (rng.random(n_pairs) * (size - 1)).astype(np.int64)
    j = np.where(j >= i, j + 1, j)  # distinct members
    pu = perm[bounds[comm] + i]
    pv = perm[bounds[comm] + np.minimum(j, size - 1)]
    ok = pu != pv
    pu, pv = pu[ok], pv[ok]
    pair_counts = allocate(n_aa, rng.lognormal(0.0, 1.2, len(pu)), rng)
    a_aa = np.repeat(pu, pair_counts)
    b_aa = np.repeat(pv, pair_counts)
    t_aa = START + (rng.random(n_aa) * SPAN).astype(np.int64)
    r = rng.random(n_aa)
    init_aa = np.where(r < 0.4, a_aa, np.where(r < 0.8, b_aa, -1))

    # --- all interactions, in time order ----------------------------------------------------
    t = np.concatenate([t_ego, t_aa])
    a = np.concatenate([a_ego, a_aa])
    b = np.concatenate([b_ego, b_aa])
    init = np.concatenate([init_ego, init_aa])
    kind = rng.choice(len(KINDS), size=n_inter, p=KIND_P)
    order = np.argsort(t, kind="stable")
    t, a, b, init, kind = t[order], a[order], b[order], init[order], kind[order]
    init_s = init.astype(str)
    init_s[init < 0] = ""
    write_csv(os.path.join(args.out, "interactions.csv"), "time,kind,a,b,initiator",
              [t, KINDS[kind], a, b, init_s])

    # --- exchanges --------------------------------------------------------------------------
    n_ex_ego = int(n_ex * 0.8)
    who = rng.choice(alters, size=n_ex_ego, p=rate / rate.sum())
    gives = rng.beta(1.5, 1.5, n_alters + 1)  # per-alter chance that the ego is the giver
    ego_gives = rng.random(n_ex_ego) < gives[who]
    g_ego = np.where(ego_gives, 0, who)
    r_ego = np.where(ego_gives, who, 0)
    n_ex_aa = n_ex - n_ex_ego
    k = rng.integers(0, len(pu), n_ex_aa)
    back = rng.random(n_ex_aa) < 0.5
    both = rng.random(n_ex_aa) < 0.5  # pair exchanges both ways: direction random
    g_aa = np.where(both & back, pv[k], pu[k])
    r_aa = np.where(both & back, pu[k], pv[k])
    g = np.concatenate([g_ego, g_aa])
    rcv = np.concatenate([r_ego, r_aa])
    tx = START + (rng.random(n_ex) * SPAN).astype(np.int64)
    # Exchanges happen while the tie is active, for ego exchanges: clip into the active period.
    alter_of = np.where(g == 0, rcv, g)
    ego_x = (g == 0) | (rcv == 0)
    idx = alter_of[ego_x] - 1
    tx[ego_x] = START + lo[idx] + (rng.random(ego_x.sum()) * (hi - lo)[idx]).astype(np.int64)
    xk = rng.choice(len(EXCHANGE_KINDS), size=n_ex, p=EXCHANGE_P)
    order = np.argsort(tx, kind="stable")
    write_csv(os.path.join(args.out, "exchanges.csv"), "time,giver,receiver,kind",
              [tx[order], g[order], rcv[order], EXCHANGE_KINDS[xk[order]]])

    # --- people -----------------------------------------------------------------------------
    names = np.array(handles(n_alters, rng))
    write_csv(os.path.join(args.out, "people.csv"), "id,handle",
              [np.arange(n_alters + 1, dtype=np.int64), names])

    print(f"wrote {n_inter:,} interactions, {n_ex:,} exchanges, {n_alters + 1:,} people "
          f"to {args.out} in {_time.time() - t0:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
