# Reference values for tests/test_compare.py, from R's stats::poisson.test.
# The first two calls are the examples on R's help page ?poisson.test
# ("paraphrased from data sets in the ISwR package"); the output below is what
# R prints for them.  The Suzhou pair is the mission's headline example.

poisson.test(137, 24.19893)
#   Exact Poisson test
#   number of events = 137, time base = 24.199, p-value < 2.2e-16
#   95 percent confidence interval:
#    4.753125 6.692709
#   sample estimates:
#   event rate
#     5.661407

poisson.test(c(11, 6 + 8 + 7), c(800, 1083 + 1050 + 878))
#   Comparison of Poisson rates
#   count1 = 11, expected count1 = 6.7174, p-value = 0.07967
#   95 percent confidence interval:
#    0.8584264 4.2772659
#   sample estimates:
#   rate ratio
#     1.971488

# Suzhou 2023 (苏州市应急管理局): 71 accidents against an implied 80 in 2022, 50 deaths against 56.
# The values as quoted in issue #3 (4 decimals): rate ratio 0.8875, 95% CI 0.6355 to 1.2372, p = 0.5152.
poisson.test(c(71, 80))
# Quoted as "p ≈ 0.63" in the issue and the design note.
poisson.test(c(50, 56))
