"""The synthetic world, second half: clusters, organisations, bottlenecks, projects, supply links, industries.

Each step reads what :mod:`chainkg.synth.world` drew (places, chains, enterprises and what
they make) from the shared :class:`~chainkg.synth.world.Draft` and adds rows to its world.
"""

from __future__ import annotations

import itertools
from collections import Counter

from chainkg.errors import ChainKGError
from chainkg.synth.words import PROVINCES, TECH_CATEGORIES, TECH_SUFFIXES
from chainkg.synth.world import Draft

__all__ = ["add_clusters", "add_industries", "add_organizations", "add_projects", "add_supplies", "add_technologies"]

_MEMBERS_MAX = 400  # members per cluster
_STATUSES = ("unsolved", "tackling", "breakthrough")


def add_clusters(draft: Draft) -> None:
    """Clusters where a city gathers most firms of one chain: PART_OF, LOCATED_IN, MEMBER_OF."""
    rng, world = draft.rng, draft.world
    firms = Counter(zip(draft.place_of, draft.chain_of))
    ranked = sorted(firms, key=lambda pair: (-firms[pair], pair))[: draft.sizes.clusters]
    draft.clusters = []
    for rank, (place, chain) in enumerate(ranked):
        city, chain_name = draft.places[place][0], draft.chains[chain]
        name = f"{city}{chain_name}产业集群"
        if not draft.fresh(name, f"{city}{chain_name}集群"):
            continue
        level = "world" if rank < len(ranked) * 0.05 else "national" if rank < len(ranked) * 0.4 else "provincial"
        world.node("Cluster", name, [f"{city}{chain_name}集群"], level=level)
        world.edge("PART_OF", ("Cluster", name), ("Chain", chain_name))
        world.edge("LOCATED_IN", ("Cluster", name), ("Region", city))
        draft.clusters.append((place, chain, name))
    members = {(place, chain): name for place, chain, name in draft.clusters}
    joined: Counter[str] = Counter()
    for i, pair in enumerate(zip(draft.place_of, draft.chain_of)):
        cluster = members.get(pair)
        if cluster and joined[cluster] < _MEMBERS_MAX and rng.random() < 0.5:
            joined[cluster] += 1
            world.edge("MEMBER_OF", ("Enterprise", draft.names[i]), ("Cluster", cluster))


def add_organizations(draft: Draft) -> None:
    """Innovation centres in cluster cities and provincial institutes, LOCATED_IN a city."""
    rng = draft.rng
    draft.organizations = []
    for _ in range(draft.sizes.organizations):
        for _attempt in range(20):
            place, chain = draft.pick_place(), rng.randrange(len(draft.chains))
            city, _, province = draft.places[place]
            if rng.random() < 0.5:
                name, kind = f"{city}{draft.chains[chain]}创新中心", "innovation_centre"
            else:
                name, kind = f"{province or city}{draft.chains[chain]}研究院", "institute"
            if draft.fresh(name):
                draft.world.node("Organization", name, kind=kind)
                draft.world.edge("LOCATED_IN", ("Organization", name), ("Region", city))
                draft.organizations.append(name)
                break


def add_technologies(draft: Draft) -> None:
    """Bottleneck technologies of a product (BOTTLENECK_OF, some also of its chain), with a
    status; the ones broken through have one or two BREAKTHROUGH edges with a year."""
    rng, world = draft.rng, draft.world
    cumulative = list(itertools.accumulate((2.0, 1.5, 0.5)[stage] for _, _, stage in draft.products))
    for index in range(draft.sizes.technologies):
        for _attempt in range(20):
            product = rng.choices(range(len(draft.products)), cum_weights=cumulative)[0]
            product_name, chain, stage = draft.products[product]
            name = product_name + rng.choice(TECH_SUFFIXES[stage])
            if draft.fresh(name):
                break
        else:
            continue
        if rng.random() < 0.05 and index >= len(_STATUSES):  # a plain technology, no bottleneck
            world.node("Technology", name, bottleneck=False, category=rng.choice(TECH_CATEGORIES))
            continue
        # every status occurs, then 40% unsolved, 30% tackling, 30% broken through
        status = _STATUSES[index] if index < len(_STATUSES) else rng.choices(_STATUSES, cum_weights=(4, 7, 10))[0]
        world.node("Technology", name, bottleneck=True, status=status, category=rng.choice(TECH_CATEGORIES))
        world.edge("BOTTLENECK_OF", ("Technology", name), ("Product", product_name))
        if rng.random() < 0.2:
            world.edge("BOTTLENECK_OF", ("Technology", name), ("Chain", draft.chains[chain]))
        if status == "breakthrough":
            for breaker in _breakers(draft, product, rng.randint(1, 2)):
                world.edge("BREAKTHROUGH", breaker, ("Technology", name), rng.randint(2016, 2025))


def _breakers(draft: Draft, product: int, count: int) -> list[tuple[str, str]]:
    """Who broke through: a maker of the product, the province of one, or an organisation."""
    rng, found = draft.rng, []
    makers = draft.makers.get(product, [])
    for _ in range(count):
        roll = rng.random()
        if makers and roll < 0.6:
            who = ("Enterprise", draft.names[rng.choice(makers)])
        elif draft.organizations and roll < 0.75:
            who = ("Organization", rng.choice(draft.organizations))
        else:
            city, _, province = draft.places[draft.place_of[rng.choice(makers)]] if makers else rng.choice(draft.places)
            who = ("Region", province if province in PROVINCES else city)
        if who not in found:
            found.append(who)
    return found


def add_projects(draft: Draft) -> None:
    """Projects of bigger firms about a product they make: OPERATES, LOCATED_IN a park or city."""
    rng, world, n = draft.rng, draft.world, draft.sizes.enterprises
    cumulative = list(itertools.accumulate(draft.weights))
    for _ in range(draft.sizes.projects):
        for _attempt in range(20):
            firm = rng.choices(range(n), cum_weights=cumulative)[0]
            product = draft.products[rng.choice(draft.makes[firm])][0]
            name = f"{draft.names[firm]}{product}{rng.choice(('扩产', '智能化改造', '产业化', '研发中心'))}项目"
            if draft.fresh(name):
                break
        else:
            continue
        status = rng.choice(("planned", "building", "producing"))
        world.node("Project", name, status=status, year=rng.randint(2019, 2026))
        world.edge("OPERATES", ("Enterprise", draft.names[firm]), ("Project", name))
        parks = draft.parks_in.get(draft.place_of[firm])
        where = ("Park", rng.choice(parks)) if parks else ("Region", draft.places[draft.place_of[firm]][0])
        world.edge("LOCATED_IN", ("Project", name), where)


def add_supplies(draft: Draft) -> None:
    """SUPPLIES edges: suppliers drawn by size (a Pareto law, so out-degrees are heavy-tailed),
    each selling a product it makes to a maker of a product that product goes into (else to
    anyone: distributors, integrators); no self-supply, no repeated (supplier, customer, product)."""
    rng, world, n = draft.rng, draft.world, draft.sizes.enterprises
    cumulative = list(itertools.accumulate(draft.weights))
    seen: set[int] = set()
    products, draws = len(draft.products), 0
    while len(seen) < draft.sizes.supplies:
        draws += draft.sizes.supplies - len(seen)
        if draws > 20 * draft.sizes.supplies:
            raise ChainKGError(
                f"cannot draw {draft.sizes.supplies} distinct supply links among {n} enterprises",
                "--supplies",
                "ask for fewer supply links or more enterprises",
            )
        for source in rng.choices(range(n), cum_weights=cumulative, k=draft.sizes.supplies - len(seen)):
            product = rng.choice(draft.makes[source])
            targets = draft.successors.get(product)
            if targets and rng.random() < 0.85:
                makers = draft.makers.get(rng.choice(targets))
                target = rng.choice(makers) if makers else rng.randrange(n)
            else:
                target = rng.randrange(n)
            key = (source * n + target) * products + product
            if target == source or key in seen:
                continue
            seen.add(key)
            volume = round(rng.lognormvariate(4.0, 1.0), 1) if rng.random() < 0.7 else None
            world.edge(
                "SUPPLIES",
                ("Enterprise", draft.names[source]),
                ("Enterprise", draft.names[target]),
                draft.products[product][0],
                volume,
            )


_STAGE_WORDS = ("上游", "中游", "下游")


def add_industries(draft: Draft) -> None:
    """A classification beside the chains, drawn from what is already there (no draws): per chain
    an industry (level 1, PART_OF the chain) and one per stage under it (level 2); each enterprise
    IN_INDUSTRY of the stage of the first thing it makes; industry -> industry UPSTREAM_OF weighted
    by how many supply links run from the first's enterprises to the second's."""
    world = draft.world
    tops = []
    for c, chain in enumerate(draft.chains):
        top = world.node("Industry", f"{chain}行业", code=f"{c + 1:02d}0000", level="1", scheme="synth")
        world.edge("PART_OF", ("Industry", top), ("Chain", chain))
        tops.append(top)
        for s, word in enumerate(_STAGE_WORDS):
            sub = world.node("Industry", f"{chain}{word}", code=f"{c + 1:02d}{s + 1:02d}00", level="2", scheme="synth")
            world.edge("PART_OF", ("Industry", sub), ("Industry", top))
    industry_of = []
    for i, name in enumerate(draft.names):
        made = draft.makes[i]
        industry = (
            f"{draft.chains[draft.products[made[0]][1]]}{_STAGE_WORDS[draft.products[made[0]][2]]}"
            if made
            else tops[draft.chain_of[i]]
        )
        industry_of.append(industry)
        world.edge("IN_INDUSTRY", ("Enterprise", name), ("Industry", industry))
    index = {name: i for i, name in enumerate(draft.names)}
    ties = Counter((industry_of[index[row[0]]], industry_of[index[row[1]]]) for row in world.edges.get("SUPPLIES", []))
    for (source, target), count in sorted(ties.items()):
        if source != target:
            world.edge("UPSTREAM_OF", ("Industry", source), ("Industry", target), float(count))
