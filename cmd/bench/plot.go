package main

import (
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
)

// series is one named line of a plot.
type series struct {
	name string
	y    []float64 // y[i] is plotted at x = i+1 (epochs count from 1)
}

// plotLines writes a line plot of the series to path (PNG, SVG or PDF by
// extension). A logarithmic y axis needs positive values throughout.
func plotLines(path, title, xLabel, yLabel string, logY bool, lines ...series) error {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	if logY {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = plot.LogTicks{Prec: -1}
	}
	p.Add(plotter.NewGrid())
	for i, s := range lines {
		pts := make(plotter.XYs, 0, len(s.y))
		for j, v := range s.y {
			if logY && !(v > 0) {
				continue
			}
			pts = append(pts, plotter.XY{X: float64(j + 1), Y: v})
		}
		l, err := plotter.NewLine(pts)
		if err != nil {
			return fmt.Errorf("plot %s: %w", path, err)
		}
		l.Color = plotutil.Color(i)
		l.Dashes = plotutil.Dashes(i)
		l.Width = vg.Points(1.5)
		p.Add(l)
		p.Legend.Add(s.name, l)
	}
	p.Legend.Top = true
	return p.Save(7*vg.Inch, 4*vg.Inch, path)
}

// plotScatter writes a scatter plot with one group of points per name.
func plotScatter(path, title, xLabel, yLabel string, names []string, groups [][][2]float64) error {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	p.Add(plotter.NewGrid())
	for i, g := range groups {
		pts := make(plotter.XYs, len(g))
		for j, xy := range g {
			pts[j] = plotter.XY{X: xy[0], Y: xy[1]}
		}
		s, err := plotter.NewScatter(pts)
		if err != nil {
			return fmt.Errorf("plot %s: %w", path, err)
		}
		s.Color = plotutil.Color(i)
		s.Shape = plotutil.Shape(i)
		p.Add(s)
		p.Legend.Add(names[i], s)
	}
	return p.Save(6*vg.Inch, 4.5*vg.Inch, path)
}
