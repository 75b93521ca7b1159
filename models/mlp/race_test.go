//go:build race

package mlp

const raceEnabled = true
