package finding

import "strings"

// Suggest returns the candidate closest to s by edit distance, when it is
// close enough to be a likely typo (at most 2 edits, or a quarter of s for
// long names), or "".
func Suggest(s string, candidates []string) string {
	best, bestD := "", max(2, len(s)/4)+1
	for _, c := range candidates {
		if d := editDistance(s, c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// DidYouMean is the hint for a name that is not one of allowed: the likely
// typo's correction, or the list of what is allowed.
func DidYouMean(s string, allowed []string) string {
	if m := Suggest(s, allowed); m != "" {
		return "did you mean " + m + "?"
	}
	return "allowed: " + strings.Join(allowed, ", ")
}
