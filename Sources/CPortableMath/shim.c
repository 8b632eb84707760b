// SwiftPM needs one source file in a C target; every function lives in include/CPortableMath.h.
#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)
#include "CPortableMath.h"
