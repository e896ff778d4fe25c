# METADATA
# title: Small helpers
# description: Shape helpers shared by the plan reader and the IAM model.
package bulkhead.lib.util

# A value as a list: lists as they are, null as empty, anything else as a one-element list.
as_list(v) := v if is_array(v)

else := [] if v == null

else := [v]

# One element of a non-empty set, the same for the same set.
first(s) := [x | some x in s][0]

object_or_empty(v) := v if is_object(v)

else := {}

# "module.a" + "aws_iam_role.r" → "module.a.aws_iam_role.r"; an empty prefix adds nothing.
join_address("", local) := local

join_address(prefix, local) := concat(".", [prefix, local]) if prefix != ""

# Module objects of a planned_values / prior_state tree (root first), to a depth of eight.
modules(root) := array.flatten([l0, l1, l2, l3, l4, l5, l6, l7]) if {
	l0 := _object_list(root)
	l1 := _children(l0)
	l2 := _children(l1)
	l3 := _children(l2)
	l4 := _children(l3)
	l5 := _children(l4)
	l6 := _children(l5)
	l7 := _children(l6)
}

_children(ms) := [c |
	some m in ms
	some c in as_list(object.get(m, "child_modules", []))
	is_object(c)
]

# Configuration modules with their address prefix ("module.a.module.b"), to a depth of eight.
config_modules(root) := array.flatten([l0, l1, l2, l3, l4, l5, l6, l7]) if {
	l0 := [{"prefix": "", "module": m} | some m in _object_list(root)]
	l1 := _calls(l0)
	l2 := _calls(l1)
	l3 := _calls(l2)
	l4 := _calls(l3)
	l5 := _calls(l4)
	l6 := _calls(l5)
	l7 := _calls(l6)
}

_calls(ms) := [{"prefix": join_address(m.prefix, concat(".", ["module", name])), "module": call.module} |
	some m in ms
	calls := object.get(m.module, "module_calls", {})
	is_object(calls)
	some name, call in calls
	is_object(object.get(call, "module", null))
]

_object_list(v) := [v] if is_object(v)

else := []

# Any `true` anywhere inside an after_unknown mark.
any_true(u) if u == true

else := contains(json.marshal(u), "true") if not is_boolean(u)

else := false

# [[key, value], …] → {key: the smallest value of the key}: an index without the conflict a
# repeated key would make in an object comprehension (sorted once, first of each key kept).
index_pairs(pairs) := {pair[0]: pair[1] | some i, pair in sorted; first_of(sorted, i)} if {
	sorted := sort(pairs)
}

# The i-th of sorted [key, …] pairs is the first of its key.
first_of(_, 0)

first_of(pairs, i) if {
	i > 0
	pairs[i - 1][0] != pairs[i][0]
}

# The template with each "%s" replaced by the next of the strings: sprintf for text, written in
# Rego. sprintf is the one builtin the wasm build calls back into JavaScript for, and opa-wasm
# reads the addresses of such calls as signed 32-bit numbers: without it, an evaluation may use
# all 4 GiB of wasm memory. Each "%%" is a literal "%".
format(template, args) := concat("", array.flatten([[parts[i], _arg(args, i)] | some i in numbers.range(0, count(parts) - 1)])) if {
	parts := [replace(p, "\u0000", "%") | some p in split(replace(template, "%%", "\u0000"), "%s")]
}

_arg(args, i) := _text(args[i]) if i < count(args)

else := ""

_text(x) := x if is_string(x)

else := format_int(x, 10) if is_number(x)

else := json.marshal(x)
