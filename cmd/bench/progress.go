package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"
)

// progress draws one line per part on standard error, redrawn in place: a
// bar, the fraction done and an estimate of the time left. It draws nothing
// unless standard error is a terminal, so that redirected output stays
// clean.
type progress struct {
	w     io.Writer // nil: disabled
	part  string
	total float64 // estimated work of the part, in arbitrary units
	done  float64
	start time.Time
	drawn time.Time
	now   func() time.Time
}

// newProgress returns a progress line on stderr if it is a terminal, and a
// disabled one otherwise.
func newProgress(stderr io.Writer) *progress {
	if f, ok := stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return &progress{w: stderr, now: time.Now}
	}
	return &progress{now: time.Now}
}

// begin starts the line of a part whose work is estimated at total units.
func (p *progress) begin(part string, total float64) {
	p.part, p.total, p.done = part, total, 0
	p.start = p.now()
	p.drawn = time.Time{}
	p.draw(false)
}

// add records work done and redraws the line at most ten times a second.
func (p *progress) add(work float64) {
	p.done += work
	if p.w != nil && p.now().Sub(p.drawn) >= 100*time.Millisecond {
		p.draw(false)
	}
}

// end draws the part's final line, with the time it took, and moves to
// the next line.
func (p *progress) end() {
	p.done = p.total
	p.draw(true)
}

// abort clears the current line (after an interrupt).
func (p *progress) abort() {
	if p.w != nil && p.part != "" {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}

const barWidth = 24

func (p *progress) draw(final bool) {
	if p.w == nil {
		return
	}
	now := p.now()
	p.drawn = now
	frac := 0.0
	if p.total > 0 {
		frac = min(p.done/p.total, 1)
	}
	filled := int(frac * barWidth)
	bar := strings.Repeat("#", filled) + strings.Repeat(".", barWidth-filled)
	elapsed := now.Sub(p.start)
	var tail string
	switch {
	case final:
		tail = fmt.Sprintf("done in %s\n", elapsed.Round(10*time.Millisecond))
	case p.done > 0:
		left := time.Duration(float64(elapsed) * (p.total - p.done) / p.done)
		tail = fmt.Sprintf("about %s left", left.Round(time.Second))
	default:
		tail = "starting"
	}
	fmt.Fprintf(p.w, "\r\x1b[K%-10s [%s] %3.0f%%  %s", p.part, bar, 100*frac, tail)
}
