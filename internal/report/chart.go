package report

// Chart geometry, in SVG user units (pixels at 100 %).
const (
	chartWidth  = 720
	labelWidth  = 230 // the labels' column, right-aligned against the bars
	barsLeft    = 240
	barsWidth   = 400
	barHeight   = 16
	barPitch    = 22
	chartMargin = 6
	maxLabel    = 34 // runes of a label shown; the table gives it whole
	maxBars     = 20
)

// chart is a horizontal bar chart ready for the template: every
// coordinate computed here, so the template only places them.
type chart struct {
	Width, Height int
	Stacked       bool
	Bars          []bar
	// More counts the rows left out of the chart (the table has them).
	More int
}

// bar is one row of a chart: the label, the sent (or only) segment, the
// received segment beside it, and the total written after them.
type bar struct {
	Label      string
	Y, TextY   int
	SentW      int
	RecvX      int
	RecvW      int
	TotalX     int
	Sent, Recv int
	Total      int
}

// stackedChart draws rows as bars of sent then received messages.
func stackedChart(rows []Row) chart { return drawChart(rows, true) }

// singleChart draws rows as bars of one series (their Sent counts).
func singleChart(rows []Row) chart { return drawChart(rows, false) }

func drawChart(rows []Row, stacked bool) chart {
	c := chart{Width: chartWidth, Stacked: stacked}
	if len(rows) > maxBars {
		c.More = len(rows) - maxBars
		rows = rows[:maxBars]
	}
	top := 0
	for _, r := range rows {
		top = max(top, r.Total)
	}
	scale := func(n int) int {
		if top == 0 || n == 0 {
			return 0
		}
		return max(1, n*barsWidth/top) // a count above zero stays visible
	}
	for i, r := range rows {
		y := chartMargin + i*barPitch
		b := bar{
			Label: clip(r.Key, r.Note), Y: y, TextY: y + barHeight - 4,
			SentW: scale(r.Sent), Sent: r.Sent, Recv: r.Received, Total: r.Total,
		}
		if stacked {
			b.RecvX, b.RecvW = barsLeft+b.SentW, scale(r.Received)
		}
		b.TotalX = barsLeft + b.SentW + b.RecvW + 6
		c.Bars = append(c.Bars, b)
	}
	c.Height = 2*chartMargin + len(rows)*barPitch
	return c
}

// clip is a bar's label: key and note, cut to maxLabel runes.
func clip(key, note string) string {
	s := key
	if note != "" {
		s += " (" + note + ")"
	}
	if r := []rune(s); len(r) > maxLabel {
		return string(r[:maxLabel-1]) + "…"
	}
	return s
}
