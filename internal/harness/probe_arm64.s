//go:build !purego

#include "textflag.h"

// func probeLoad16(p *float32)
TEXT ·probeLoad16(SB), NOSPLIT, $0-8
	MOVD p+0(FP), R0
	VLD1 (R0), [V0.S4]
	RET

// func probeLoad64(p *float32)
TEXT ·probeLoad64(SB), NOSPLIT, $0-8
	MOVD p+0(FP), R0
	VLD1 (R0), [V0.S4, V1.S4, V2.S4, V3.S4]
	RET

// func probeLoadLane(p *float32)
TEXT ·probeLoadLane(SB), NOSPLIT, $0-8
	MOVD p+0(FP), R0
	VLD1 (R0), V0.S[3]
	RET

// func probeLoad8(p *float32)
TEXT ·probeLoad8(SB), NOSPLIT, $0-8
	MOVD p+0(FP), R0
	FMOVD (R0), F0
	RET

// func probeStore16(p *float32)
TEXT ·probeStore16(SB), NOSPLIT, $0-8
	MOVD p+0(FP), R0
	VEOR V0.B16, V0.B16, V0.B16
	VST1 [V0.S4], (R0)
	RET
