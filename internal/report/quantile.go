package report

import "slices"

// Quantiles returns the median and the 90th percentile (nearest rank) of
// xs, as the timeliness section computes them, and false when xs is
// empty. It sorts xs.
func Quantiles(xs []float64) (median50, p90 float64, ok bool) {
	if len(xs) == 0 {
		return 0, 0, false
	}
	slices.Sort(xs)
	return median(xs), nearestRank(xs, 0.9), true
}
