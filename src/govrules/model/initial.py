"""The starting state: built from a pack's facts, and changed by a scenario's baseline.

Facts of the kinds that describe a starting point build it: ``membership``
(who sits on each body), ``transfer`` (the transition, announced on its
date, and the steward), ``affiliation`` (an organisation's parent; the
steward's parent is the parent of the state), ``member-organisation``,
``project``, ``asset``, ``pledge`` and ``policy``. No kind is required: a
pack without a transfer simply has no transition. What cannot make a valid
state (a member listed twice, two parents for one organisation) is a problem
naming the fact that causes it.
"""

# No `from __future__ import annotations`: pydantic would then rebuild every
# field's type from its text when the models are made, about 3% of a cold check.

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from govrules.model.declarations import Declarations, Vocab
from govrules.model.facts import (
    Affiliation,
    Asset,
    MemberOrganisation,
    Membership,
    Pledge,
    Policy,
    Project,
    Transfer,
    _Fact,
)
from govrules.model.state import Body, Seat, State
from govrules.model.state import Project as ProjectState
from govrules.model.types import Count, Flag, IsoDate, Label


def empty_state(decl: Declarations) -> State:
    """The declared bodies, empty, and nothing else."""
    methods = dict.fromkeys(decl.appointment_methods, 0)
    bodies = {b: Body(b, d, appointed=methods) for b, d in decl.bodies.items()}
    return State(declarations=decl, bodies=bodies, steward=decl.steward)


def initial_state(
    decl: Declarations, facts: Mapping[str, _Fact]
) -> tuple[State, list[tuple[str, str]]]:
    """The state the pack's facts describe, and each problem as (fact id, message)."""
    problems: list[tuple[str, str]] = []
    state = empty_state(decl)
    members: dict[str, dict[str, Seat]] = {b: {} for b in decl.bodies}
    placed: dict[tuple[str, str], str] = {}
    affiliations: dict[str, str | None] = {}
    affiliated_by: dict[str, str] = {}
    transfers = [f for f in facts.values() if isinstance(f, Transfer)]
    changes: dict[str, Any] = {}

    def once(key: Any, registry: dict[Any, str], fact: _Fact, what: str) -> bool:
        if key in registry:
            problems.append((fact.id, f"{what} (also in fact `{registry[key]}`)"))
            return False
        registry[key] = fact.id
        return True

    seen: dict[Any, str] = {}
    for fact in facts.values():
        if isinstance(fact, Membership) and fact.body in members:
            for m in fact.members:
                if not once(
                    (fact.body, m.name),
                    placed,
                    fact,
                    f"`{m.name}` is listed twice on `{fact.body}`",
                ):
                    continue
                members[fact.body][m.name] = Seat(
                    seats=m.seats,
                    joined=fact.as_of.isoformat(),
                    term_ends=m.term_ends.isoformat() if m.term_ends else None,
                )
                if m.affiliation:
                    if affiliations.get(m.name, m.affiliation) != m.affiliation:
                        problems.append(
                            (
                                fact.id,
                                f"`{m.name}` has two affiliations:"
                                f" `{affiliations[m.name]}` and `{m.affiliation}`",
                            )
                        )
                    affiliations[m.name] = m.affiliation
        elif isinstance(fact, Affiliation):
            if once(
                fact.organisation,
                affiliated_by,
                fact,
                f"`{fact.organisation}` has a parent already",
            ):
                affiliations[fact.organisation] = fact.parent
        elif isinstance(fact, MemberOrganisation):
            if once(
                ("org", fact.organisation), seen, fact, f"`{fact.organisation}` is a member already"
            ):
                changes.setdefault("organisations", {})[fact.organisation] = fact.tier
        elif isinstance(fact, Project):
            if once(
                ("project", fact.project), seen, fact, f"project `{fact.project}` is defined twice"
            ):
                changes.setdefault("projects", {})[fact.project] = ProjectState(
                    fact.licence, fact.open_source
                )
        elif isinstance(fact, Asset):
            if once(("asset", fact.asset), seen, fact, f"asset `{fact.asset}` is defined twice"):
                changes.setdefault("assets", {})[fact.asset] = (fact.asset_kind, fact.holder)
        elif isinstance(fact, Pledge):
            key = (fact.organisation, fact.pledge)
            if once(
                ("pledge", *key), seen, fact, f"`{fact.organisation}` pledges `{fact.pledge}` twice"
            ):
                ends = fact.ends.isoformat() if fact.ends else None
                changes.setdefault("pledges", {})[key] = (fact.level, ends)
        elif isinstance(fact, Policy) and once(
            ("policy", fact.policy), seen, fact, f"policy `{fact.policy}` is set twice"
        ):
            changes.setdefault("policies", {})[fact.policy] = fact.value

    for extra in transfers[1:]:
        problems.append((extra.id, f"a second transfer (the first is fact `{transfers[0].id}`)"))
    steward = decl.steward
    if transfers:
        t = transfers[0]
        steward = steward or t.to
        changes["transition"] = {
            "status": "announced",
            "date": t.as_of.isoformat(),
            "from": t.from_,
            "to": t.to,
        }
    if steward is not None:
        changes["steward"] = steward
        parent = next(
            (f for f in facts.values() if isinstance(f, Affiliation) and f.organisation == steward),
            None,
        )
        if parent is not None:
            changes["parent"] = (parent.parent, parent.parent_nonprofit)
    bodies = {b: _with_members(body, members[b]) for b, body in state.bodies.items()}
    state = State(
        declarations=decl,
        bodies=bodies,
        affiliations=affiliations,
        **changes,
    )
    return state, problems


def _with_members(body: Body, members: dict[str, Seat]) -> Body:
    return Body(body.id, body.decl, members, body.last_election, body.appointed, body.past_terms)


# -- a scenario's baseline -------------------------------------------------------


class BaselineMember(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: Label
    affiliation: Label | None = None
    seats: Annotated[Count, Field(ge=1, le=100_000)] = 1
    term_ends: IsoDate | None = None
    joined: IsoDate | None = None
    terms: Annotated[Count, Field(ge=1, le=1000)] = Field(
        default=1, description="terms served on the body, the current one included"
    )
    consecutive_terms: Annotated[Count, Field(ge=1, le=1000)] = Field(
        default=1, description="of which served without a break"
    )


class BaselineBody(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    members: list[BaselineMember] = Field(
        max_length=10_000, description="the body's members, replacing the pack's"
    )

    @field_validator("members", mode="before")
    @classmethod
    def _names(cls, value: object) -> object:
        if isinstance(value, list):
            return [{"name": v} if isinstance(v, str) else v for v in value]
        return value


class BaselineParent(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: Label
    nonprofit: Flag


class BaselineTransition(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    status: Literal["announced", "completed"]
    date: IsoDate | None = None


class BaselineProject(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    licence: Label
    open_source: Flag


class BaselinePledge(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    organisation: Label
    pledge: Annotated[str, Vocab("pledges")]
    level: Annotated[str, Vocab("levels")]
    ends: IsoDate | None = None


class Baseline(BaseModel):
    """Overrides of the pack's initial state, for a scenario that starts elsewhere.

    Each section given replaces the pack's: a body's members, the parent, the
    transition's status, the projects, the member organisations, the pledges,
    the policies; ``affiliations`` sets or changes affiliations one by one.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    bodies: dict[Annotated[str, Vocab("bodies")], BaselineBody] = Field(default_factory=dict)
    affiliations: dict[Label, Label | None] = Field(
        default_factory=dict, description="affiliation per member (null: independent)"
    )
    parent: BaselineParent | None = None
    transition: BaselineTransition | None = None
    projects: dict[Label, BaselineProject] | None = None
    organisations: dict[Label, Annotated[str, Vocab("tiers")]] | None = None
    pledges: list[BaselinePledge] | None = None
    policies: dict[Annotated[str, Vocab("policies")], str] | None = None


def with_baseline(state: State, baseline: Baseline | None) -> State:
    """``state`` with a scenario's baseline applied (the baseline is checked already)."""
    if baseline is None:
        return state
    changes: dict[str, Any] = {}
    affiliations = dict(state.affiliations)
    if baseline.bodies:
        bodies = dict(state.bodies)
        for body_id, spec in baseline.bodies.items():
            seats = {
                m.name: Seat(
                    seats=m.seats,
                    joined=m.joined.isoformat() if m.joined else None,
                    term_ends=m.term_ends.isoformat() if m.term_ends else None,
                    terms=m.terms,
                    consecutive=min(m.consecutive_terms, m.terms),
                )
                for m in spec.members
            }
            for m in spec.members:
                if m.affiliation is not None:
                    affiliations[m.name] = m.affiliation
            bodies[body_id] = _with_members(bodies[body_id], seats)
        changes["bodies"] = bodies
    affiliations.update(baseline.affiliations)
    changes["affiliations"] = affiliations
    if baseline.parent is not None:
        changes["parent"] = (baseline.parent.name, baseline.parent.nonprofit)
    if baseline.transition is not None:
        current = dict(state.transition or {})
        current["status"] = baseline.transition.status
        if baseline.transition.date is not None:
            current["date"] = baseline.transition.date.isoformat()
        changes["transition"] = current
    if baseline.projects is not None:
        changes["projects"] = {
            n: ProjectState(p.licence, p.open_source) for n, p in baseline.projects.items()
        }
    if baseline.organisations is not None:
        changes["organisations"] = dict(baseline.organisations)
    if baseline.pledges is not None:
        changes["pledges"] = {
            (p.organisation, p.pledge): (p.level, p.ends.isoformat() if p.ends else None)
            for p in baseline.pledges
        }
    if baseline.policies is not None:
        changes["policies"] = dict(baseline.policies)
    from dataclasses import replace

    return replace(state, _view=None, **changes)
