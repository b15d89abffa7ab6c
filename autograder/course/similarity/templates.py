# ruff: noqa: E501 - HTML templates keep their lines whole
"""The similarity page's Jinja2 template (autoescaped: every name and every line of code a
student wrote is escaped; no script, no external stylesheet, font or image). The class
report's style, plus side-by-side code."""

from __future__ import annotations

from autograder.course.report.templates import STYLE as REPORT_STYLE

STYLE = (
    REPORT_STYLE
    + """
body { max-width: 84rem; }
.side { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: .8rem; margin: .5rem 0 1.2rem; }
.side > div { min-width: 0; }
.side h4 { margin: .2rem 0; font-size: .95rem; }
.code { border: 1px solid #ccd; border-radius: 4px; background: #fafbfd; overflow-x: auto;
        margin: .3rem 0 .6rem; }
.code .where { font-size: .8rem; color: #666; padding: .15rem .5rem; border-bottom: 1px solid #e3e6ee; }
.code pre { padding: .3rem .5rem; font-size: .8rem; line-height: 1.35; white-space: pre; }
.ln { color: #999; display: inline-block; width: 2.6rem; user-select: none; }
.row { display: block; min-height: 1.1em; } .hit { background: #fde2a7; }
.none { color: #888; font-style: italic; }
.flag { color: #a8382b; font-weight: 600; }
details { margin: .2rem 0 .8rem; } summary { cursor: pointer; font-weight: 600; }
.bar { display: inline-block; height: .7rem; background: #3b6ea8; vertical-align: middle; margin-right: .4rem; }
"""
)

CODE = """{% macro side(blocks) %}{% for b in blocks %}<div class="code"><div class="where">{{ b.where }}</div>
<pre>{% for no, text, hit in b.lines %}<span class="row{% if hit %} hit{% endif %}"><span class="ln">{{ no }}</span>{{ text }}</span>{% endfor %}</pre></div>{% else %}<p class="none">no code for this question</p>{% endfor %}{% endmacro %}
{% macro compare(d) %}<div class="side">
<div><h4>{{ d.a }}</h4>{{ side(d.left) }}</div>
<div><h4>{{ d.b }}</h4>{{ side(d.right) }}</div>
</div>{% endmacro %}"""

PAGE = (
    CODE
    + """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title><style>{{ style }}</style></head>
<body>
<h1>{{ title }}</h1>
<p class="muted">{{ assignment }}, {{ students }} students, generated {{ generated }} in {{ "%.1f"|format(seconds) }} s.
Pairs at or above {{ "%.2f"|format(threshold) }} are <span class="flag">flagged</span>; every scored pair is in
<a href="pairs.csv">pairs.csv</a>. A similarity is evidence to look at, not a verdict.</p>
<div class="cards">
  <div class="card">students<b>{{ students }}</b></div>
  <div class="card">questions<b>{{ questions|length }}</b></div>
  <div class="card">pairs flagged (whole notebook)<b>{{ flagged }}</b></div>
  <div class="card">highest similarity<b>{{ "%.2f"|format(highest) }}</b></div>
</div>
<p>Questions: <a href="#all">whole notebook</a>{% for q in questions %} · <a href="#q-{{ q.id }}">{{ q.id }}</a>{% endfor %}{% if notes %} · <a href="#notes">notes ({{ notes|length }})</a>{% endif %}</p>

<h2 id="all">Most similar pairs: the whole notebook</h2>
{% if overall %}
<table><tr><th>#</th><th>student</th><th>student</th><th>similarity</th>{% for q in questions %}<th>{{ q.id }}</th>{% endfor %}</tr>
{% for p in overall %}<tr><td class="num"><a href="#{{ p.anchor }}">{{ loop.index }}</a></td><td>{{ p.a }}</td><td>{{ p.b }}</td>
<td class="num{% if p.flagged %} flag{% endif %}"><span class="bar" style="width: {{ (p.similarity * 4)|round(2) }}rem"></span>{{ "%.2f"|format(p.similarity) }}</td>
{% for q in questions %}<td class="num">{% if q.id in p.by_question %}{{ "%.2f"|format(p.by_question[q.id]) }}{% else %}-{% endif %}</td>{% endfor %}</tr>
{% endfor %}</table>
{% for p in overall %}<details id="{{ p.anchor }}"{% if loop.first %} open{% endif %}><summary>{{ loop.index }}. {{ p.a }} and {{ p.b }}: {{ "%.2f"|format(p.similarity) }}{% if p.flagged %} <span class="flag">flagged</span>{% endif %}</summary>
{% for d in p.details %}<h3>{{ d.question }}: {{ d.title }}{% if d.similarity is not none %} ({{ "%.2f"|format(d.similarity) }}){% endif %}</h3>
{{ compare(d) }}{% endfor %}
</details>
{% endfor %}
{% else %}<p>No two submissions share any code beyond the stub, the reference and what many students wrote.</p>{% endif %}

{% for q in questions %}
<h2 id="q-{{ q.id }}">{{ q.id }}: {{ q.title }}</h2>
<p class="muted">{{ q.functions|join(", ") }}; {{ q.students }} students wrote code here; {{ q.scored }} pair(s) share code.</p>
{% if q.pairs %}
<table><tr><th>#</th><th>student</th><th>student</th><th>similarity</th><th>shared fingerprints</th><th>whole notebook</th></tr>
{% for p in q.pairs %}<tr><td class="num"><a href="#{{ p.anchor }}">{{ loop.index }}</a></td><td>{{ p.a }}</td><td>{{ p.b }}</td>
<td class="num{% if p.flagged %} flag{% endif %}">{{ "%.2f"|format(p.similarity) }}</td><td class="num">{{ p.shared }}</td>
<td class="num">{{ "%.2f"|format(p.overall) }}</td></tr>{% endfor %}</table>
{% for p in q.pairs %}<details id="{{ p.anchor }}"><summary>{{ loop.index }}. {{ p.a }} and {{ p.b }}: {{ "%.2f"|format(p.similarity) }}</summary>
{{ compare(p.details[0]) }}
</details>{% endfor %}
{% else %}<p>No pair shares code on {{ q.id }} beyond the baseline.</p>{% endif %}
{% endfor %}

<h2>How to read this page</h2>
<p>Each submission's definitions are compared after normalisation: comments, docstrings and type
hints removed; every name a student chose (variables, parameters, their own helpers) and every
literal replaced by a placeholder; dead code, appended loops versus comprehensions and single-use
temporaries rewritten one way. The normalised code is cut into overlapping runs of
{{ k }} tokens, hashed and winnowed (window {{ w }}, the MOSS algorithm). Runs that occur in the
released stub or in the reference solution, or that more than {{ common }} wrote, are not
evidence and are ignored. Similarity combines the shared fingerprints (rarer ones weigh more) with
the order of whole statements; highlighted lines are covered by a fingerprint both students share.
A question's code is its graded functions plus the student's own helpers they call.</p>
{% if notes %}<h2 id="notes">Notes</h2><ul>{% for n in notes %}<li>{{ n }}</li>{% endfor %}</ul>{% endif %}
</body></html>
"""
)
