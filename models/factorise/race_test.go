//go:build race

package factorise

const raceEnabled = true
