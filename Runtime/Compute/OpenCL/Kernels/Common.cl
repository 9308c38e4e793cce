// Prepended to every GdEngine program. Built with -DT=<float|double|long> (the element type) and, for float64,
// -DUSE_FP64. Views travel as small structs passed by value (no extra buffer, no extra command).
#ifdef USE_FP64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif

#define MAXDIM 8

// Up to four operands over one shape: operand 0 is the output, 1..3 the inputs. Strides and offsets in elements.
typedef struct
{
    long rank;
    long shape[MAXDIM];
    long st[4][MAXDIM];
    long off[4];
} View;
