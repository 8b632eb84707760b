// Hand-off cost of the second thread: wall-clock median per product with 1 and 2 threads, for
// the recurrent layers' per-step shapes (packed B, accumulate). Not a test; run by hand on a
// quiet machine (on a loaded one the worker waits for a core and 2 threads lose):
//   clang -O2 -ISources/CSeqKitKernels/include Sources/CSeqKitKernels/{gemm,worker,kernels}.c \
//         Tests/KernelsC/handoff_bench.c -lpthread -lm -o /tmp/handoff && /tmp/handoff
#include "CSeqKitKernels.h"
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
static double now(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
static int cmp(const void*a,const void*b){double x=*(double*)a,y=*(double*)b;return x<y?-1:x>y;}
int main(void){
  long shapes[][3]={{32,256,64},{64,512,128},{8,512,128},{1,1024,256},{32,128,32},{16,256,64}};
  for(int s=0;s<6;s++){long m=shapes[s][0],n=shapes[s][1],k=shapes[s][2];
    float*a=calloc(m*k,4),*b=calloc(k*n,4),*c=calloc(m*n,4);
    double med[2];
    for(int th=1;th<=2;th++){ sk_set_thread_override(0,th); sk_packed_b*p=sk_pack_b(0,k,n,b,n);
      double t[31]; for(int r=0;r<31;r++){ double t0=now(); for(int q=0;q<200;q++){ sk_gemm_packed(0,m,a,k,p,c,n,1); } t[r]=(now()-t0)/200; }
      qsort(t,31,sizeof(double),cmp); med[th-1]=t[15]; sk_packed_b_free(p);}
    printf("%ldx%ldx%ld: 1 thread %.2f us, 2 threads %.2f us (x%.2f)\n",m,n,k,med[0]*1e6,med[1]*1e6,med[0]/med[1]);
  }
}
