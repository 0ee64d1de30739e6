"""The conversion report: every paragraph with what it became and why, and everything set aside."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields

from .classify import Classification
from .source import SourceText


@dataclass
class ConversionReport:
    source: str
    encoding: str
    notices: list[str]
    paragraphs: list[dict]
    set_aside: list[dict]
    warnings: list[str]
    editorial: list[dict] = field(default_factory=list)
    doubts: list[str] = field(default_factory=list)   # the warnings --strict makes errors

    @classmethod
    def from_classification(cls, source: SourceText, classification: Classification,
                            editorial: list[dict] | None = None) -> "ConversionReport":
        decisions = sorted(classification.decisions, key=lambda d: d.number)
        return cls(
            source=source.path,
            encoding=source.encoding,
            notices=list(source.notices),
            paragraphs=[{"number": d.number, "line": d.line, "rule": d.rule, "result": d.result, "text": d.text}
                        for d in decisions],
            set_aside=[{"paragraph": s.number, "line": s.origin.line, "text": s.text, "reason": s.reason,
                        "destination": s.destination} for s in classification.document.set_aside],
            warnings=list(source.warnings) + list(classification.warnings),
            editorial=list(editorial or []),
            doubts=list(classification.doubts),
        )

    def to_json(self) -> str:
        # the fields as they are (lists of strings and of dicts of JSON values): no deep copy (asdict)
        return json.dumps({f.name: getattr(self, f.name) for f in fields(self)}, ensure_ascii=False, indent=2,
                          sort_keys=False) + "\n"

    def to_text(self) -> str:
        lines = [f"Conversion report for {self.source} (read as {self.encoding})"]
        lines += [f"  note: {n}" for n in self.notices]
        lines.append("")
        lines.append("Paragraphs:")
        for p in self.paragraphs:
            excerpt = p["text"].replace("\n", " ")
            excerpt = excerpt if len(excerpt) <= 60 else excerpt[:57] + "…"
            lines.append(f"  {p['number']:>4}  line {p['line']:>5}  {p['result']:<45} [{p['rule']}]  {excerpt}")
        lines.append("")
        lines.append("Set aside or moved to the header:")
        for s in self.set_aside:
            where = f"→ {s['destination']}" if s["destination"] else "(not encoded)"
            lines.append(f"  line {s['line']:>5}  {s['reason']} {where}: {s['text'][:70]!r}")
        if self.editorial:
            lines.append("")
            lines.append("Editorial layer:")
            for entry in self.editorial:
                where = f"line {entry['line']}: " if entry.get("line") else ""
                lines.append(f"  {where}{entry.get('kind', '')}: {entry.get('message', '')}")
        if self.warnings:
            lines.append("")
            lines.append("Warnings:")
            lines += [f"  {w}" for w in self.warnings]
        return "\n".join(lines) + "\n"
