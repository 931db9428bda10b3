"""The synthetic world behind ``chainkg synth``: places, chains, enterprises and who supplies whom.

One seeded :class:`random.Random` drives everything, in a fixed order, over lists
(never over sets, whose order changes between processes), so a seed always gives
the same rows. Rows are plain tuples in the columns of :data:`NODE_COLUMNS` and
:data:`EDGE_COLUMNS`; :mod:`chainkg.synth` writes them as chainkg's CSV tables.
"""

from __future__ import annotations

import itertools
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from chainkg.errors import ChainKGError
from chainkg.synth.words import (
    CHAINS,
    GENERIC_TRADES,
    LEGAL_FORMS,
    MODIFIERS,
    MUNICIPALITIES,
    PARK_KINDS,
    PROVINCES,
    STEM_FIRST,
    STEM_SECOND,
    TRADES,
)

__all__ = [
    "EDGE_COLUMNS",
    "NODE_COLUMNS",
    "PLACES",
    "STAGES",
    "Draft",
    "Sizes",
    "World",
    "add_chains",
    "add_enterprises",
    "add_parks",
    "add_places",
    "add_subsidiaries",
    "zipf",
]

STAGES = ("upstream", "midstream", "downstream")
PLACES: tuple[tuple[str, str, str | None], ...] = tuple(
    [(city, en, province) for province, (_, cities) in PROVINCES.items() for city, en in cities]
    + [(city, en, None) for city, en in MUNICIPALITIES]
)

# label: property columns after label, name, aliases
NODE_COLUMNS: dict[str, tuple[str, ...]] = {
    "Region": ("name_en", "level"),
    "Chain": ("name_en", "category"),
    "Product": ("stage",),
    "Park": ("kind",),
    "Cluster": ("level",),
    "Organization": ("kind",),
    "Technology": ("bottleneck", "status", "category"),
    "Enterprise": ("full_name", "name_en", "region", "code", "exchange", "listing_date"),
    "Project": ("status", "year"),
    "Industry": ("code", "level", "scheme"),
}
# type: (whether the endpoints' labels are written, property columns)
EDGE_COLUMNS: dict[str, tuple[bool, tuple[str, ...]]] = {
    "LOCATED_IN": (True, ()),
    "PART_OF": (True, ()),
    "UPSTREAM_OF": (True, ("weight",)),
    "IN_INDUSTRY": (False, ()),
    "MEMBER_OF": (False, ()),
    "BOTTLENECK_OF": (True, ()),
    "BREAKTHROUGH": (True, ("year",)),
    "SUBSIDIARY_OF": (False, ("share",)),
    "OPERATES": (False, ()),
    "MAKES": (False, ("weight",)),
    "SUPPLIES": (False, ("product", "volume")),
}


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


@dataclass(frozen=True)
class Sizes:
    """How many of each thing; :meth:`scaled` derives them from the number of enterprises."""

    enterprises: int
    supplies: int
    chains: int
    products_per_stage: int
    cities: int
    parks: int
    clusters: int
    technologies: int
    organizations: int
    projects: int
    subsidiaries: int

    @classmethod
    def scaled(cls, enterprises: int, supplies: int | None = None) -> Sizes:
        """Sizes for ``enterprises`` (at 100k: 30 chains, 720 products, 250 parks, 100 clusters)."""
        n = enterprises
        return cls(
            enterprises=n,
            supplies=5 * n if supplies is None else supplies,
            chains=_clamp(n // 3000, 2, len(CHAINS)),
            products_per_stage=_clamp(round(n**0.2), 2, 8),
            cities=_clamp(n // 800, 3, len(PLACES)),
            parks=_clamp(n // 400, 2, 1000),
            clusters=_clamp(n // 1000, 1, 150),
            technologies=_clamp(n // 250, 6, 1500),
            organizations=_clamp(n // 2000, 2, 200),
            projects=_clamp(n // 500, 1, 500),
            subsidiaries=n // 100,
        )


@dataclass
class World:
    """The generated rows, per label and per relationship type, in generation order."""

    nodes: dict[str, list[tuple[Any, ...]]] = field(default_factory=lambda: defaultdict(list))
    edges: dict[str, list[tuple[Any, ...]]] = field(default_factory=lambda: defaultdict(list))

    def node(self, label: str, name: str, aliases: Sequence[str] = (), **props: Any) -> str:
        self.nodes[label].append((name, "|".join(aliases), *(props.get(c) for c in NODE_COLUMNS[label])))
        return name

    def edge(self, rel: str, source: tuple[str, str], target: tuple[str, str], *values: Any) -> None:
        labelled, _ = EDGE_COLUMNS[rel]
        ends = (source[1], target[1], source[0], target[0]) if labelled else (source[1], target[1])
        self.edges[rel].append((*ends, *values))


def zipf(count: int, exponent: float) -> list[float]:
    """Cumulative weights 1/k^exponent for k = 1..count (for ``random.choices``)."""
    return list(itertools.accumulate(1 / (k + 1) ** exponent for k in range(count)))


@dataclass
class Draft:
    """The world being generated and what later steps need to know about it."""

    sizes: Sizes
    rng: random.Random
    world: World = field(default_factory=World)
    used: set[str] = field(default_factory=set)  # every name and English name given out, case-folded
    places: list[tuple[str, str, str | None]] = field(default_factory=list)
    place_weights: list[float] = field(default_factory=list)
    chains: list[str] = field(default_factory=list)
    products: list[tuple[str, int, int]] = field(default_factory=list)  # (name, chain, stage)
    chain_products: list[list[int]] = field(default_factory=list)  # by popularity
    successors: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    parks_in: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    names: list[str] = field(default_factory=list)  # enterprise i's name
    weights: list[float] = field(default_factory=list)  # enterprise i's size: how much it sells
    place_of: list[int] = field(default_factory=list)
    chain_of: list[int] = field(default_factory=list)
    makes: list[list[int]] = field(default_factory=list)
    makers: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    clusters: list[tuple[int, int, str]] = field(default_factory=list)  # (place, chain, name)
    organizations: list[str] = field(default_factory=list)

    def fresh(self, *names: str) -> bool:
        """Claim ``names`` if none of them is taken yet (empty ones are skipped)."""
        keys = [n.casefold() for n in names if n]
        if any(k in self.used for k in keys):
            return False
        self.used.update(keys)
        return True

    def pick_place(self) -> int:
        return self.rng.choices(range(len(self.places)), cum_weights=self.place_weights)[0]


# -- places and chains -------------------------------------------------------------


def add_places(draft: Draft) -> None:
    """Provinces and cities (Region), cities LOCATED_IN their province; a few cities draw most firms."""
    world = draft.world
    draft.places = draft.rng.sample(PLACES, draft.sizes.cities)
    draft.place_weights = zipf(len(draft.places), 0.8)
    for province in sorted({p for _, _, p in draft.places if p}, key=list(PROVINCES).index):
        suffix = {"内蒙古": "自治区", "广西": "壮族自治区"}.get(province, "省")
        world.node("Region", province, [province + suffix], name_en=PROVINCES[province][0], level="province")
        draft.fresh(province, province + suffix, PROVINCES[province][0])
    for city, english, in_province in draft.places:
        aliases = [] if city.endswith("市") else [city + "市"]
        world.node("Region", city, aliases, name_en=english, level="city" if in_province else "province")
        draft.fresh(city, *aliases, english)
        if in_province:
            world.edge("LOCATED_IN", ("Region", city), ("Region", in_province))


def add_chains(draft: Draft) -> None:
    """Chains, their products by stage (PART_OF), and inputs (UPSTREAM_OF), some across chains."""
    rng, world = draft.rng, draft.world
    draft.chains = rng.sample(list(CHAINS), draft.sizes.chains)
    for c, chain in enumerate(draft.chains):
        english, category, _, words = CHAINS[chain]
        world.node("Chain", chain, [chain + "产业链"], name_en=english, category=category)
        draft.fresh(chain, chain + "产业链")
        by_stage = [_stage_products(draft, c, s, words[s]) for s in range(3)]
        products = [p for stage in by_stage for p in stage]
        draft.chain_products.append(rng.sample(products, len(products)))
        _upstream_links(draft, by_stage)


def _stage_products(draft: Draft, chain: int, stage: int, words: tuple[str, ...]) -> list[int]:
    rng = draft.rng
    candidates = rng.sample(words, len(words)) + [m + w for m in rng.sample(MODIFIERS, len(MODIFIERS)) for w in words]
    made: list[int] = []
    for name in candidates:
        if len(made) == draft.sizes.products_per_stage:
            break
        if draft.fresh(name):
            made.append(len(draft.products))
            draft.products.append((name, chain, stage))
            draft.world.node("Product", name, stage=STAGES[stage])
            draft.world.edge("PART_OF", ("Product", name), ("Chain", draft.chains[chain]))
    return made


def _upstream_links(draft: Draft, by_stage: list[list[int]]) -> None:
    rng, products = draft.rng, draft.products
    for stage in (1, 2):
        inputs = by_stage[stage - 1]
        for product in by_stage[stage]:
            chosen = rng.sample(inputs, min(len(inputs), rng.randint(1, 3)))
            if stage == 1 and rng.random() < 0.15:  # an input from another chain made earlier
                other = rng.randrange(len(products))
                if products[other][1] != products[product][1] and products[other][2] > 0:
                    chosen.append(other)
            for source in chosen:
                draft.successors[source].append(product)
                draft.world.edge(
                    "UPSTREAM_OF", ("Product", products[source][0]), ("Product", products[product][0]), None
                )


def add_parks(draft: Draft) -> None:
    """Development zones and industrial parks, LOCATED_IN their city."""
    rng = draft.rng
    for _ in range(draft.sizes.parks):
        for _attempt in range(20):
            place = draft.pick_place()
            city = draft.places[place][0]
            if rng.random() < 0.5:
                suffix, kind = rng.choice(PARK_KINDS)
                aliases = {"经开区": [city + "经济技术开发区"], "高新区": [city + "高新技术产业开发区"]}.get(kind, [])
                name = city + suffix
            else:
                name, kind, aliases = f"{city}{rng.choice(draft.chains)}产业园", "产业园", []
            if draft.fresh(name, *aliases):
                draft.world.node("Park", name, aliases, kind=kind)
                draft.world.edge("LOCATED_IN", ("Park", name), ("Region", city))
                draft.parks_in[place].append(name)
                break


# -- enterprises -----------------------------------------------------------------------


def add_enterprises(draft: Draft) -> None:
    """Enterprises with a city, a main chain and a size drawn from a Pareto law; where they are; MAKES."""
    rng, n = draft.rng, draft.sizes.enterprises
    draft.weights = [rng.paretovariate(1.5) for _ in range(n)]
    draft.place_of = rng.choices(range(len(draft.places)), cum_weights=draft.place_weights, k=n)
    draft.chain_of = rng.choices(range(len(draft.chains)), cum_weights=zipf(len(draft.chains), 0.8), k=n)
    popularity = [zipf(len(products), 0.9) for products in draft.chain_products]
    listed = sorted(range(n), key=lambda i: -draft.weights[i])[: max(1, n // 100)]
    code_of = dict(zip(listed, _stock_codes(rng, len(listed))))
    for i in range(n):
        city, city_en, _ = draft.places[draft.place_of[i]]
        name, full_name, english = _firm_name(draft, i, city, city_en)
        draft.names.append(name)
        draft.world.node(
            "Enterprise", name, (), full_name=full_name, name_en=english, region=city, **_listing(code_of.get(i))
        )
        parks = draft.parks_in.get(draft.place_of[i])
        if parks and rng.random() < 0.6:
            draft.world.edge("LOCATED_IN", ("Enterprise", name), ("Park", rng.choice(parks)))
        else:
            draft.world.edge("LOCATED_IN", ("Enterprise", name), ("Region", city))
        _add_makes(draft, i, popularity)


def _listing(code: str | None) -> dict[str, str | None]:
    """A listed firm's code, exchange and listing date (made from the code: no draw, so the
    rest of the world does not move)."""
    if code is None:
        return {}
    n = int(code[3:])
    exchange = "上海证券交易所" if code.startswith("6") else "深圳证券交易所"
    return {"code": code, "exchange": exchange, "listing_date": f"{2000 + n % 24}-{1 + n % 12:02d}-{1 + n % 28:02d}"}


def _stock_codes(rng: random.Random, count: int) -> list[str]:
    codes: list[str] = []
    seen: set[str] = set()
    while len(codes) < count:
        code = rng.choice(("600", "601", "603", "000", "002", "300", "688")) + f"{rng.randrange(1000):03d}"
        if code not in seen:
            seen.add(code)
            codes.append(code)
    return codes


def _firm_name(draft: Draft, i: int, city: str, city_en: str) -> tuple[str, str, str | None]:
    """Place + trade name (字号) + trade, e.g. 株洲华晟机械; legal name 株洲华晟机械制造有限公司."""
    rng = draft.rng
    trades = CHAINS[draft.chains[draft.chain_of[i]]][2]
    for attempt in range(2000):
        pool = list(TRADES) if attempt > 50 else (trades if rng.random() < 0.75 else GENERIC_TRADES)
        trade = rng.choice(pool)
        (first, first_en), (second, second_en) = rng.choice(STEM_FIRST), rng.choice(STEM_SECOND)
        if first == second:
            continue
        legal, trade_en = TRADES[trade]
        form = rng.choices(LEGAL_FORMS, cum_weights=(80, 95, 100))[0][0]
        english = f"{city_en} {first_en}{second_en.lower()} {trade_en}" if rng.random() < 0.3 else None
        if english and english.casefold() in draft.used:
            english = None
        name = city + first + second + trade
        if draft.fresh(name, city + first + second + legal + form, english or ""):
            return name, city + first + second + legal + form, english
    raise ChainKGError(f"ran out of enterprise names in {city}", "--enterprises", "ask for fewer enterprises")


def _add_makes(draft: Draft, i: int, popularity: list[list[float]]) -> None:
    """1 to 12 products, more for bigger firms, mostly of the firm's main chain, popular ones first."""
    rng = draft.rng
    count = _clamp(round(draft.weights[i] ** 0.6), 1, 12)
    made: list[int] = []
    for _ in range(count * 3):
        if len(made) == count:
            break
        chain = draft.chain_of[i] if rng.random() < 0.85 else rng.randrange(len(draft.chains))
        product = rng.choices(draft.chain_products[chain], cum_weights=popularity[chain])[0]
        if product not in made:
            made.append(product)
    draft.makes.append(made)
    shares = [rng.random() + 0.1 for _ in made]
    for product, share in zip(made, shares):
        draft.makers[product].append(i)
        draft.world.edge(
            "MAKES",
            ("Enterprise", draft.names[i]),
            ("Product", draft.products[product][0]),
            round(share / sum(shares), 3),
        )


def add_subsidiaries(draft: Draft) -> None:
    """About 1% of firms are subsidiaries (SUBSIDIARY_OF) of a bigger firm; no chains of groups."""
    rng, n = draft.rng, draft.sizes.enterprises
    cumulative = list(itertools.accumulate(draft.weights))
    parents: set[int] = set()
    children: set[int] = set()
    for _ in range(draft.sizes.subsidiaries * 3):
        if len(children) == draft.sizes.subsidiaries:
            break
        parent = rng.choices(range(n), cum_weights=cumulative)[0]
        child = rng.randrange(n)
        if child == parent or child in children or child in parents or parent in children:
            continue
        parents.add(parent)
        children.add(child)
        share = round(rng.uniform(0.51, 1.0), 2)
        draft.world.edge(
            "SUBSIDIARY_OF", ("Enterprise", draft.names[child]), ("Enterprise", draft.names[parent]), share
        )
