# ruff: noqa: E501 - HTML templates keep their lines whole
"""Jinja2 templates of the class report and of a student's feedback page (autoescaped; no
script, no external stylesheet, font or image)."""

from __future__ import annotations

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2rem auto;
       max-width: 62rem; padding: 0 1rem; color: #222; line-height: 1.45; background: #fff; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { border-bottom: 2px solid #3b6ea8;
     padding-bottom: .2rem; margin-top: 2.5rem; } h3 { margin-top: 1.6rem; }
.muted { color: #666; font-size: .9rem; }
table { border-collapse: collapse; margin: .6rem 0 1rem; font-size: .92rem; }
th, td { border: 1px solid #ccd; padding: .25rem .6rem; text-align: left; vertical-align: top; }
th { background: #eef2f8; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.cards { display: flex; gap: .8rem; flex-wrap: wrap; margin: .8rem 0; }
.card { border: 1px solid #ccd; border-radius: 6px; padding: .5rem .9rem; min-width: 7rem; }
.card b { display: block; font-size: 1.3rem; }
img { max-width: 100%; height: auto; display: block; margin: .5rem 0; }
pre { white-space: pre-wrap; margin: 0; font-size: .85rem; }
.passed { color: #2d7a4b; font-weight: 600; } .failed { color: #a8382b; font-weight: 600; }
"""

CLASS = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title><style>{{ style }}</style></head>
<body>
<h1>{{ title }}</h1>
<p class="muted">From {{ db }}, generated {{ generated }}. Newest graded submission of each
student; {{ students|length }} students, {{ assignments|length }} assignment(s).</p>
{% for a in assignments %}
<h2 id="{{ a.stats.id }}">{{ a.stats.id }}</h2>
{% if a.similarity %}<p><a href="{{ a.similarity }}">Similarity report</a>: which submissions share code.</p>{% endif %}
<div class="cards">
  <div class="card">students<b>{{ a.stats.scores|length }}</b></div>
  <div class="card">mean<b>{{ "%.2f"|format(a.stats.mean) }} / {{ "%g"|format(a.stats.max_score) }}</b></div>
  <div class="card">median<b>{{ "%.2f"|format(a.stats.median) }}</b></div>
  <div class="card">full marks<b>{{ a.full }}</b></div>
</div>
<h3>Score histogram</h3>
<img src="{{ a.histogram }}" alt="histogram of {{ a.stats.id }} scores">
<h3>Pass rate per question</h3>
<img src="{{ a.pass_rates }}" alt="pass rate per question of {{ a.stats.id }}">
<table><tr><th>question</th><th>points</th><th>students</th><th>full marks</th><th>pass rate</th></tr>
{% for q in a.stats.questions %}<tr><td>{{ q.id }}</td><td class="num">{{ "%g"|format(q.max_score) }}</td>
<td class="num">{{ q.students }}</td><td class="num">{{ q.full_marks }}</td>
<td class="num">{{ "%.0f"|format(100 * q.pass_rate) }}%</td></tr>{% endfor %}
</table>
<h3>Most common failure messages</h3>
{% if a.stats.failures %}<p class="muted">Numbers are blanked (#) so the same mistake groups together.</p>
<table><tr><th>question</th><th>tests failed</th><th>message</th></tr>
{% for q, msg, n in a.stats.failures %}<tr><td>{{ q }}</td><td class="num">{{ n }}</td><td><pre>{{ msg }}</pre></td></tr>{% endfor %}
</table>{% else %}<p>No failed tests.</p>{% endif %}
<h3>Measured speed ratios</h3>
{% if a.speed %}<img src="{{ a.speed }}" alt="distribution of speed ratios in {{ a.stats.id }}">
<table><tr><th>test</th><th>measurements</th><th>median ratio</th></tr>
{% for t, xs in a.stats.ratios.items() %}<tr><td>{{ t }}</td><td class="num">{{ xs|length }}</td>
<td class="num">{{ "%.2f"|format(median(xs)) }}</td></tr>{% endfor %}</table>
{% else %}<p>No speed ratios recorded for {{ a.stats.id }} (no speed tests ran).</p>{% endif %}
{% endfor %}
<h2>Students</h2>
<table><tr><th>student</th>{% for a in assignments %}<th>{{ a.stats.id }}</th>{% endfor %}</tr>
{% for s in students.values() %}<tr><td>{% if links %}<a href="{{ links }}/{{ s.student }}.html">{{ s.name }}</a>{% else %}{{ s.name }}{% endif %}</td>
{% for a in assignments %}<td class="num">{% if a.stats.id in s.assignments %}{{ "%g"|format(s.assignments[a.stats.id][0]) }}{% else %}-{% endif %}</td>{% endfor %}</tr>
{% endfor %}</table>
</body></html>
"""

STUDENT = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Feedback for {{ s.name }}</title><style>{{ style }}</style></head>
<body>
<h1>Feedback for {{ s.name }}</h1>
<p class="muted">{{ course }}. Generated {{ generated }}. Each line is one hidden test: what it
checks, the points it earned, and on a failure what went wrong.</p>
{% for aid, (score, mx, tests) in s.assignments.items() %}
<h2>{{ aid }}: {{ "%g"|format(score) }} / {{ "%g"|format(mx) }}</h2>
<table><tr><th>question</th><th>test</th><th>points</th><th>result</th></tr>
{% for t in tests %}<tr><td>{{ t.question }}</td><td>{{ t.title }}</td>
<td class="num">{{ "%g"|format(t.score) }} / {{ "%g"|format(t.max_score) }}</td>
<td><span class="{{ t.status }}">{{ t.status }}</span>{% if t.status != "passed" %}<pre>{{ t.output }}</pre>{% endif %}</td></tr>
{% endfor %}</table>
{% endfor %}
</body></html>
"""
