//go:build purego || !amd64

package peak

// loops is empty: this build has no FMA loop, so the peak is unknown.
var loops loopSet
