;; The fill kernel of buildCoverage's inner runs: f64x2 lanes, four cells per step.
;;
;; Source of src/coverage/fillKernelWasm.ts (regenerate: `npx tsx scripts/buildWasm.ts`; a test
;; fails when the two differ). Why WebAssembly: the inner run is pure float64 arithmetic per
;; cell (chord, square root, the asin polynomial, two roundings to float32), and V8 compiles it
;; from JavaScript to scalar code; two lanes per instruction take the fill of the Liaoning
;; res-8 build from ~11 ns to ~4.5 ns per pair (bench/results/coverage.md).
;;
;; Bit-identical to fillInner in buildCoverage.ts: the same IEEE operations in the same order
;; (no fused multiply-add, correctly rounded sqrt, f32.demote = Math.fround), so
;;   minutes = base + (sqrt(c2) * asinSmall(c2/4)) * k,  c2 = (dx^2 + dy^2) + dz^2
;;   asinSmall(t) = 1 + t*(1/6 + t*(3/40 + t*(5/112 + t*(35/1152 + t*(63/2816)))))
;; with the float64 constants written as hex floats (the nearest doubles to those fractions).
;;
;; Memory (exported; the caller grows it): X, Y, Z of the cells in band order as float64 at
;; xOff, yOff, zOff; the run's minutes (float32) written from outOff, one per cell from `from`;
;; the positions (0-based in the run) of minutes within `eps` of a float32 rounding boundary
;; written as i32 from fixOff. Returns how many positions were written there. Processes cells
;; [from, from + 2*floor((to - from)/2)): the caller does the odd last cell.
(module
  (memory (export "memory") 1)
  (func (export "fillPairs")
    (param $xOff i32) (param $yOff i32) (param $zOff i32) (param $outOff i32) (param $fixOff i32)
    (param $from i32) (param $to i32)
    (param $sx f64) (param $sy f64) (param $sz f64) (param $base f64) (param $k f64) (param $eps f64)
    (result i32)
    (local $i i32) (local $j i32) (local $b2 i32) (local $j2 i32) (local $fixes i32) (local $end i32) (local $b i32)
    (local $vsx v128) (local $vsy v128) (local $vsz v128) (local $vbase v128) (local $vk v128) (local $veps v128)
    (local $d2 v128) (local $c22 v128) (local $t2 v128) (local $p2 v128) (local $m2 v128) (local $lo2 v128) (local $hi2 v128) (local $d v128) (local $c2 v128) (local $t v128) (local $p v128) (local $m v128) (local $lo v128) (local $hi v128)
    (local.set $vsx (f64x2.splat (local.get $sx)))
    (local.set $vsy (f64x2.splat (local.get $sy)))
    (local.set $vsz (f64x2.splat (local.get $sz)))
    (local.set $vbase (f64x2.splat (local.get $base)))
    (local.set $vk (f64x2.splat (local.get $k)))
    (local.set $veps (f64x2.splat (local.get $eps)))
    (local.set $i (local.get $from))
    (local.set $end (i32.sub (local.get $to) (i32.and (i32.sub (local.get $to) (local.get $from)) (i32.const 1))))
    ;; Four cells a step, in two independent chains (the locals ending in 2 are the second),
    ;; so that more square roots and multiplies are in flight: 27 % faster than two a step on
    ;; the test VM, and four a step gained nothing more. The loop after it takes a last pair.
    (block $done4
      (loop $quads
        (br_if $done4 (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $end)))
        (local.set $b (i32.shl (local.get $i) (i32.const 3)))
        ;; c2 = (dx*dx + dy*dy) + dz*dz
        (local.set $d (f64x2.sub (local.get $vsx) (v128.load (i32.add (local.get $xOff) (local.get $b)))))
        (local.set $c2 (f64x2.mul (local.get $d) (local.get $d)))
        (local.set $d (f64x2.sub (local.get $vsy) (v128.load (i32.add (local.get $yOff) (local.get $b)))))
        (local.set $c2 (f64x2.add (local.get $c2) (f64x2.mul (local.get $d) (local.get $d))))
        (local.set $d (f64x2.sub (local.get $vsz) (v128.load (i32.add (local.get $zOff) (local.get $b)))))
        (local.set $c2 (f64x2.add (local.get $c2) (f64x2.mul (local.get $d) (local.get $d))))
        ;; asinSmall(c2*0.25) by Horner's rule, innermost first
        (local.set $t (f64x2.mul (local.get $c2) (v128.const f64x2 0.25 0.25)))
        (local.set $p (f64x2.mul (local.get $t) (v128.const f64x2 0x1.6e8ba2e8ba2e9p-6 0x1.6e8ba2e8ba2e9p-6)))
        (local.set $p (f64x2.mul (local.get $t) (f64x2.add (v128.const f64x2 0x1.f1c71c71c71c7p-6 0x1.f1c71c71c71c7p-6) (local.get $p))))
        (local.set $p (f64x2.mul (local.get $t) (f64x2.add (v128.const f64x2 0x1.6db6db6db6db7p-5 0x1.6db6db6db6db7p-5) (local.get $p))))
        (local.set $p (f64x2.mul (local.get $t) (f64x2.add (v128.const f64x2 0x1.3333333333333p-4 0x1.3333333333333p-4) (local.get $p))))
        (local.set $p (f64x2.mul (local.get $t) (f64x2.add (v128.const f64x2 0x1.5555555555555p-3 0x1.5555555555555p-3) (local.get $p))))
        (local.set $p (f64x2.add (v128.const f64x2 1 1) (local.get $p)))
        ;; minutes = base + (sqrt(c2) * p) * k, rounded to float32 from both sides of the margin
        (local.set $m (f64x2.add (local.get $vbase) (f64x2.mul (f64x2.mul (f64x2.sqrt (local.get $c2)) (local.get $p)) (local.get $vk))))
        (local.set $lo (f32x4.demote_f64x2_zero (f64x2.sub (local.get $m) (local.get $veps))))
        (local.set $hi (f32x4.demote_f64x2_zero (f64x2.add (local.get $m) (local.get $veps))))
        (local.set $j (i32.sub (local.get $i) (local.get $from)))
        (v128.store64_lane 0 (i32.add (local.get $outOff) (i32.shl (local.get $j) (i32.const 2))) (local.get $lo))
        ;; Rare (about 1 pair in 30,000): note the lanes whose rounding the margin makes ambiguous.
        (if (v128.any_true (f32x4.ne (local.get $lo) (local.get $hi)))
          (then
            (if (f32.ne (f32x4.extract_lane 0 (local.get $lo)) (f32x4.extract_lane 0 (local.get $hi)))
              (then
                (i32.store (i32.add (local.get $fixOff) (i32.shl (local.get $fixes) (i32.const 2))) (local.get $j))
                (local.set $fixes (i32.add (local.get $fixes) (i32.const 1)))))
            (if (f32.ne (f32x4.extract_lane 1 (local.get $lo)) (f32x4.extract_lane 1 (local.get $hi)))
              (then
                (i32.store (i32.add (local.get $fixOff) (i32.shl (local.get $fixes) (i32.const 2))) (i32.add (local.get $j) (i32.const 1)))
                (local.set $fixes (i32.add (local.get $fixes) (i32.const 1)))))))
        (local.set $b2 (i32.shl (i32.add (local.get $i) (i32.const 2)) (i32.const 3)))
        ;; c2 = (dx*dx + dy*dy) + dz*dz
        (local.set $d2 (f64x2.sub (local.get $vsx) (v128.load (i32.add (local.get $xOff) (local.get $b2)))))
        (local.set $c22 (f64x2.mul (local.get $d2) (local.get $d2)))
        (local.set $d2 (f64x2.sub (local.get $vsy) (v128.load (i32.add (local.get $yOff) (local.get $b2)))))
        (local.set $c22 (f64x2.add (local.get $c22) (f64x2.mul (local.get $d2) (local.get $d2))))
        (local.set $d2 (f64x2.sub (local.get $vsz) (v128.load (i32.add (local.get $zOff) (local.get $b2)))))
        (local.set $c22 (f64x2.add (local.get $c22) (f64x2.mul (local.get $d2) (local.get $d2))))
        ;; asinSmall(c2*0.25) by Horner's rule, innermost first
        (local.set $t2 (f64x2.mul (local.get $c22) (v128.const f64x2 0.25 0.25)))
        (local.set $p2 (f64x2.mul (local.get $t2) (v128.const f64x2 0x1.6e8ba2e8ba2e9p-6 0x1.6e8ba2e8ba2e9p-6)))
        (local.set $p2 (f64x2.mul (local.get $t2) (f64x2.add (v128.const f64x2 0x1.f1c71c71c71c7p-6 0x1.f1c71c71c71c7p-6) (local.get $p2))))
        (local.set $p2 (f64x2.mul (local.get $t2) (f64x2.add (v128.const f64x2 0x1.6db6db6db6db7p-5 0x1.6db6db6db6db7p-5) (local.get $p2))))
        (local.set $p2 (f64x2.mul (local.get $t2) (f64x2.add (v128.const f64x2 0x1.3333333333333p-4 0x1.3333333333333p-4) (local.get $p2))))
        (local.set $p2 (f64x2.mul (local.get $t2) (f64x2.add (v128.const f64x2 0x1.5555555555555p-3 0x1.5555555555555p-3) (local.get $p2))))
        (local.set $p2 (f64x2.add (v128.const f64x2 1 1) (local.get $p2)))
        ;; minutes = base + (sqrt(c2) * p) * k, rounded to float32 from both sides of the margin
        (local.set $m2 (f64x2.add (local.get $vbase) (f64x2.mul (f64x2.mul (f64x2.sqrt (local.get $c22)) (local.get $p2)) (local.get $vk))))
        (local.set $lo2 (f32x4.demote_f64x2_zero (f64x2.sub (local.get $m2) (local.get $veps))))
        (local.set $hi2 (f32x4.demote_f64x2_zero (f64x2.add (local.get $m2) (local.get $veps))))
        (local.set $j2 (i32.sub (i32.add (local.get $i) (i32.const 2)) (local.get $from)))
        (v128.store64_lane 0 (i32.add (local.get $outOff) (i32.shl (local.get $j2) (i32.const 2))) (local.get $lo2))
        ;; Rare (about 1 pair in 30,000): note the lanes whose rounding the margin makes ambiguous.
        (if (v128.any_true (f32x4.ne (local.get $lo2) (local.get $hi2)))
          (then
            (if (f32.ne (f32x4.extract_lane 0 (local.get $lo2)) (f32x4.extract_lane 0 (local.get $hi2)))
              (then
                (i32.store (i32.add (local.get $fixOff) (i32.shl (local.get $fixes) (i32.const 2))) (local.get $j2))
                (local.set $fixes (i32.add (local.get $fixes) (i32.const 1)))))
            (if (f32.ne (f32x4.extract_lane 1 (local.get $lo2)) (f32x4.extract_lane 1 (local.get $hi2)))
              (then
                (i32.store (i32.add (local.get $fixOff) (i32.shl (local.get $fixes) (i32.const 2))) (i32.add (local.get $j2) (i32.const 1)))
                (local.set $fixes (i32.add (local.get $fixes) (i32.const 1)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $quads)))
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $b (i32.shl (local.get $i) (i32.const 3)))
        ;; c2 = (dx*dx + dy*dy) + dz*dz
        (local.set $d (f64x2.sub (local.get $vsx) (v128.load (i32.add (local.get $xOff) (local.get $b)))))
        (local.set $c2 (f64x2.mul (local.get $d) (local.get $d)))
        (local.set $d (f64x2.sub (local.get $vsy) (v128.load (i32.add (local.get $yOff) (local.get $b)))))
        (local.set $c2 (f64x2.add (local.get $c2) (f64x2.mul (local.get $d) (local.get $d))))
        (local.set $d (f64x2.sub (local.get $vsz) (v128.load (i32.add (local.get $zOff) (local.get $b)))))
        (local.set $c2 (f64x2.add (local.get $c2) (f64x2.mul (local.get $d) (local.get $d))))
        ;; asinSmall(c2*0.25) by Horner's rule, innermost first
        (local.set $t (f64x2.mul (local.get $c2) (v128.const f64x2 0.25 0.25)))
        (local.set $p (f64x2.mul (local.get $t) (v128.const f64x2 0x1.6e8ba2e8ba2e9p-6 0x1.6e8ba2e8ba2e9p-6)))
        (local.set $p (f64x2.mul (local.get $t) (f64x2.add (v128.const f64x2 0x1.f1c71c71c71c7p-6 0x1.f1c71c71c71c7p-6) (local.get $p))))
        (local.set $p (f64x2.mul (local.get $t) (f64x2.add (v128.const f64x2 0x1.6db6db6db6db7p-5 0x1.6db6db6db6db7p-5) (local.get $p))))
        (local.set $p (f64x2.mul (local.get $t) (f64x2.add (v128.const f64x2 0x1.3333333333333p-4 0x1.3333333333333p-4) (local.get $p))))
        (local.set $p (f64x2.mul (local.get $t) (f64x2.add (v128.const f64x2 0x1.5555555555555p-3 0x1.5555555555555p-3) (local.get $p))))
        (local.set $p (f64x2.add (v128.const f64x2 1 1) (local.get $p)))
        ;; minutes = base + (sqrt(c2) * p) * k, rounded to float32 from both sides of the margin
        (local.set $m (f64x2.add (local.get $vbase) (f64x2.mul (f64x2.mul (f64x2.sqrt (local.get $c2)) (local.get $p)) (local.get $vk))))
        (local.set $lo (f32x4.demote_f64x2_zero (f64x2.sub (local.get $m) (local.get $veps))))
        (local.set $hi (f32x4.demote_f64x2_zero (f64x2.add (local.get $m) (local.get $veps))))
        (local.set $j (i32.sub (local.get $i) (local.get $from)))
        (v128.store64_lane 0 (i32.add (local.get $outOff) (i32.shl (local.get $j) (i32.const 2))) (local.get $lo))
        ;; Rare (about 1 pair in 30,000): note the lanes whose rounding the margin makes ambiguous.
        (if (v128.any_true (f32x4.ne (local.get $lo) (local.get $hi)))
          (then
            (if (f32.ne (f32x4.extract_lane 0 (local.get $lo)) (f32x4.extract_lane 0 (local.get $hi)))
              (then
                (i32.store (i32.add (local.get $fixOff) (i32.shl (local.get $fixes) (i32.const 2))) (local.get $j))
                (local.set $fixes (i32.add (local.get $fixes) (i32.const 1)))))
            (if (f32.ne (f32x4.extract_lane 1 (local.get $lo)) (f32x4.extract_lane 1 (local.get $hi)))
              (then
                (i32.store (i32.add (local.get $fixOff) (i32.shl (local.get $fixes) (i32.const 2))) (i32.add (local.get $j) (i32.const 1)))
                (local.set $fixes (i32.add (local.get $fixes) (i32.const 1)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $pairs)))
    (local.get $fixes))
)
