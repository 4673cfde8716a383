"""Where each key and value of an entry file stands, by its path in the data."""

from __future__ import annotations

from dataclasses import dataclass, field

Loc = tuple[str | int, ...]  # a path in the data: ("links", 0, "url")
Pos = tuple[int, int]  # 1-based line and column


@dataclass
class Positions:
    """Where each key and value of a document stands, by its path in the data."""

    keys: dict[Loc, Pos] = field(default_factory=dict)
    values: dict[Loc, Pos] = field(default_factory=dict)

    def of_value(self, loc: Loc) -> Pos:
        return self._nearest(self.values, loc)

    def of_key(self, loc: Loc) -> Pos:
        return self.keys.get(loc) or self.of_value(loc)

    def _nearest(self, table: dict[Loc, Pos], loc: Loc) -> Pos:
        for end in range(len(loc), -1, -1):
            found = table.get(loc[:end])
            if found is not None:
                return found
        return (1, 1)
