# METADATA
# title: IAM wildcard matching
# description: |
#   `*` matches any run of characters, `?` exactly one, everything else itself. Written in plain
#   Rego rather than glob.match: the wasm build of glob.match/regex.match keeps compiled patterns
#   in a 100-entry cache that breaks (hangs, traps) when a plan holds more distinct patterns than
#   that, and a plan may hold any number. A pattern longer than max_length characters or with
#   more than eight `*` is "too complex": match is then undefined, and callers take the side that
#   cannot hide a violation (wide for what is allowed, narrow for what is denied).
package bulkhead.lib.wildcard

max_length := 512

_max_stars := 9

too_complex(p) if count(p) > max_length

too_complex(p) if count(split(p, "*")) > _max_stars

# The pattern matches the whole string.
match(p, s) if {
	not contains(p, "*")
	count(p) == count(s)
	_at(s, p, 0)
}

match(p, s) if {
	contains(p, "*")
	not too_complex(p)
	count(s) <= 4 * max_length
	segments := split(p, "*")
	n := count(segments)
	head := segments[0]
	tail := segments[n - 1]
	count(head) + count(tail) <= count(s)
	_at(s, head, 0)
	end := count(s) - count(tail)
	_at(s, tail, end)
	_in_order(s, array.slice(segments, 1, n - 1), count(head), end)
}

# The middle segments occur in order between from and end: the leftmost match of each, in turn
# (for patterns of literals and `*`, the greedy leftmost choice never misses a match).
_in_order(s, middle, from, end) if {
	p1 := _next(s, middle, 0, from, end)
	p2 := _next(s, middle, 1, p1, end)
	p3 := _next(s, middle, 2, p2, end)
	p4 := _next(s, middle, 3, p3, end)
	p5 := _next(s, middle, 4, p4, end)
	p6 := _next(s, middle, 5, p5, end)
	p7 := _next(s, middle, 6, p6, end)
	_next(s, middle, 7, p7, end)
}

_next(_, middle, i, from, _) := from if i >= count(middle)

_next(s, middle, i, from, end) := at + count(middle[i]) if {
	i < count(middle)
	at := _find(s, middle[i], from, end - count(middle[i]))
}

# The first position in [from, last] where the segment matches.
_find(s, segment, from, last) := min(positions) if {
	last >= from
	positions := {i | some i in numbers.range(from, last); _at(s, segment, i)}
	count(positions) > 0
}

# The segment (literal characters and `?`) matches s at position i.
_at(s, segment, i) if {
	not contains(segment, "?")
	substring(s, i, count(segment)) == segment
}

_at(s, segment, i) if {
	contains(segment, "?")
	i + count(segment) <= count(s)
	every j in numbers.range(0, count(segment) - 1) {
		_char_matches(substring(segment, j, 1), substring(s, i + j, 1))
	}
}

_char_matches("?", _)

_char_matches(c, c)
