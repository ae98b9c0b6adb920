"""Draw the random sample for the independent data check of issue 20 (docs/data-check-2026-12.md).

Usage: python scripts/draw_check_sample.py [SEED]

Every record of the fifteen bodies added by issue 20 is a candidate: each term, event, name
(per language), rotation rule, member count, priority and claim. Each body gets two records,
and ten bodies (drawn at random) get a third, so 40 records in all with 2-3 per body. Within a
body, records are drawn uniformly without replacement. The seed is fixed so that anyone can
redraw the same sample from the same data file.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from chairship_cli.load import parse_toml

BODIES = [
    "celac", "caricom", "pacific-alliance", "nordic-ministers", "v4", "unga", "hrc",
    "commonwealth", "oic", "saarc", "gcc", "arab-league", "sadc", "ecowas", "pif",
]  # fmt: skip
KINDS = ["terms", "events", "members", "priorities", "claims"]
TOTAL = 40
SEED = 20261203


def candidates(org: dict) -> list[str]:
    oid = org["id"]
    out = [f"{oid}.names.{lang}" for lang in org.get("names", {})]
    if "rotation" in org:
        out.append(f"{oid}.rotation")
    for kind in KINDS:
        out += [f"{oid}.{kind}[{i}]" for i in range(len(org.get(kind, [])))]
    return out


def draw(seed: int) -> list[str]:
    path = Path(__file__).resolve().parent.parent / "data" / "orgs.toml"
    data = parse_toml(path.read_text("utf-8"), str(path))
    orgs = {o["id"]: o for o in data["org"]}
    rng = random.Random(seed)
    extra = set(rng.sample(BODIES, TOTAL - 2 * len(BODIES)))
    sample = []
    for oid in BODIES:
        pool = candidates(orgs[oid])
        sample += rng.sample(pool, 3 if oid in extra else 2)
    return sample


if __name__ == "__main__":
    for path in draw(int(sys.argv[1]) if len(sys.argv) > 1 else SEED):
        print(path)
