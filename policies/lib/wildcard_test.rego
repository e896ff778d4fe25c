package bulkhead.lib.wildcard_test

import data.bulkhead.lib.wildcard

test_literals_and_question_marks if {
	wildcard.match("iam:putrolepolicy", "iam:putrolepolicy")
	not wildcard.match("iam:putrolepolicy", "iam:putrolepolicyx")
	wildcard.match("ec2:delete?napshot", "ec2:deletesnapshot")
	not wildcard.match("ec2:delete?napshot", "ec2:deletenapshot")
	wildcard.match("", "")
}

test_stars if {
	wildcard.match("*", "")
	wildcard.match("*", "iam:anything")
	wildcard.match("iam:*", "iam:putrolepolicy")
	wildcard.match("*:put*policy", "iam:putrolepolicy")
	wildcard.match("i?m:put*pol*", "iam:putrolepolicy")
	wildcard.match("**", "x")
	wildcard.match("a*b*c*d", "axxbyyczzd")
	not wildcard.match("a*b*c*d", "axxcyybzzd")
	not wildcard.match("iam:*x", "iam:putrolepolicy")
	wildcard.match("arn:aws:s3:::*backup*", "arn:aws:s3:::prod.backups/daily")
}

test_overlapping_segments_take_the_leftmost_match if {
	wildcard.match("*aba*ba", "ababa")
	wildcard.match("*ab*b", "aabb")
}

test_too_complex_patterns_match_nothing_here if {
	not wildcard.match("a*a*a*a*a*a*a*a*a*a*a", "aaaaaaaaaaaaaaaaaaaaaa")
	wildcard.too_complex("a*a*a*a*a*a*a*a*a*a*a")
	wildcard.too_complex(concat("", ["iam:", concat("", [x | some _ in numbers.range(1, 600); x := "?"])]))
	not wildcard.too_complex("iam:put*policy")
}
