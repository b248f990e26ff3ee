# Reference values from R's survey package for the weighting and the tests of
# issue #15, checked by tests/it/reference.rs. Run from the repository root:
#
#   Rscript tests/reference/survey.R
#
# It (re)writes the fixtures tests/reference/fixture-a.csv and fixture-b.csv
# (generated here with a fixed seed) and tests/reference/survey.json. Written
# for R 4.2 and survey 4.1; see README.md beside it.

suppressMessages(library(survey))

dir <- "tests/reference"
if (!dir.exists(dir)) stop("run from the repository root")

# ---- Fixtures ---------------------------------------------------------------

# Single-choice answers with some blanks and a weight column. The answers
# depend on each other a little so that the tests have something to find.
make_fixture <- function(n, seed) {
  set.seed(seed)
  region <- sample(c("North", "South", "East", "West"), n, TRUE, prob = c(0.4, 0.3, 0.2, 0.1))
  size <- ifelse(region == "North",
                 sample(c("small", "medium", "large"), n, TRUE, prob = c(0.5, 0.3, 0.2)),
                 sample(c("small", "medium", "large"), n, TRUE, prob = c(0.3, 0.3, 0.4)))
  role <- sample(c("engineer", "scientist", "manager", "student"), n, TRUE)
  agree <- ifelse(size == "large", sample(c("yes", "no"), n, TRUE, prob = c(0.7, 0.3)),
                  sample(c("yes", "no"), n, TRUE, prob = c(0.45, 0.55)))
  remote <- ifelse(agree == "yes", sample(c("yes", "no"), n, TRUE, prob = c(0.6, 0.4)),
                   sample(c("yes", "no"), n, TRUE, prob = c(0.4, 0.6)))
  blank <- function(x, share) { x[runif(n) < share] <- NA; x }
  d <- data.frame(id = seq_len(n),
                  region = blank(region, 0.05), size = blank(size, 0.08),
                  role = blank(role, 0.04), agree = blank(agree, 0.06),
                  remote = blank(remote, 0.03),
                  w = round(exp(rnorm(n, 0, 0.5)), 4))
  d
}

fixtures <- list(a = make_fixture(500, 15), b = make_fixture(260, 1500))
for (name in names(fixtures)) {
  write.csv(fixtures[[name]], file.path(dir, sprintf("fixture-%s.csv", name)),
            row.names = FALSE, na = "")
}
# Read back as the Rust test reads them: a blank cell is no answer.
fixtures <- lapply(names(fixtures), function(name)
  read.csv(file.path(dir, sprintf("fixture-%s.csv", name)), na.strings = "",
           stringsAsFactors = FALSE))
names(fixtures) <- c("a", "b")

# ---- JSON by hand (jsonlite is not needed), numbers with 17 digits -----------

num <- function(x) ifelse(is.na(x), "null", sprintf("%.17g", x))
json <- function(x) {
  if (is.list(x)) {
    if (!is.null(names(x))) {
      parts <- mapply(function(k, v) sprintf("\"%s\": %s", k, json(v)), names(x), x)
      return(sprintf("{%s}", paste(parts, collapse = ", ")))
    }
    return(sprintf("[%s]", paste(sapply(x, json), collapse = ", ")))
  }
  if (is.character(x)) return(if (length(x) == 1) sprintf("\"%s\"", x)
                              else sprintf("[%s]", paste(sprintf("\"%s\"", x), collapse = ", ")))
  if (is.logical(x) && length(x) == 1 && !is.na(x)) return(if (x) "true" else "false")
  if (length(x) == 1 && is.null(names(x))) return(num(x))
  sprintf("[%s]", paste(num(x), collapse = ", "))
}
# A scalar that must stay an array of one in the JSON.
arr <- function(x) as.list(x)

# ---- Raking ------------------------------------------------------------------

NONE <- "(no answer)"
EPSILON <- 1e-6
MAXIT <- 100

# rake() needs a population count for every stratum and fails on NA
# (na.fail), so the respondents without an answer to a margin get a stratum
# of their own whose count is their total of the start weights: they keep
# that total for this margin, and the answering respondents share the rest
# of the start total in the target shares. This is the Rust Margin contract.
rake_margins <- function(design, margins) {
  start <- weights(design, "sampling")
  total <- sum(start)
  pops <- list()
  forms <- list()
  for (q in names(margins)) {
    col <- paste0(q, "_r")
    groups <- design$variables[[col]]
    none <- sum(start[groups == NONE])
    shares <- margins[[q]]
    counts <- shares / sum(shares) * (total - none)
    pop <- data.frame(names(shares), counts)
    if (none > 0) pop <- rbind(pop, data.frame(names.shares. = NONE, counts = none))
    names(pop) <- c(col, "Freq")
    pops[[q]] <- pop
    forms[[q]] <- as.formula(paste0("~", col))
  }
  list(sample = unname(forms), population = unname(pops))
}

rake_once <- function(design, margins, maxit = MAXIT) {
  m <- rake_margins(design, margins)
  withCallingHandlers(
    rake(design, m$sample, m$population, control = list(maxit = maxit, epsilon = EPSILON)),
    warning = function(w) if (grepl("did not converge", conditionMessage(w))) invokeRestart("muffleWarning"))
}

# rake() does not return its iteration count. It converges within maxit
# passes exactly when it gives no warning, so the count is the smallest such
# maxit (one pass post-stratifies on every margin once).
passes <- function(design, margins) {
  for (k in 1:MAXIT) {
    m <- rake_margins(design, margins)
    ok <- TRUE
    withCallingHandlers(
      rake(design, m$sample, m$population, control = list(maxit = k, epsilon = EPSILON)),
      warning = function(w) { ok <<- FALSE; invokeRestart("muffleWarning") })
    if (ok) return(k)
  }
  NA
}

with_groups <- function(d, questions) {
  for (q in questions) d[[paste0(q, "_r")]] <- ifelse(is.na(d[[q]]), NONE, d[[q]])
  d
}

# Weighted shares of each option among the respondents who answered, with
# their standard errors (svymean with na.rm = TRUE).
shares_of <- function(design, questions) {
  out <- list()
  for (q in questions) {
    m <- svymean(as.formula(paste0("~factor(", q, ")")), design, na.rm = TRUE)
    opts <- sub(paste0("^factor\\(", q, "\\)"), "", names(coef(m)))
    out[[q]] <- list(options = opts, share = unname(coef(m)), se = unname(SE(m)))
  }
  out
}

rao_scott_of <- function(design, rows, cols) {
  rs <- svychisq(as.formula(sprintf("~%s + %s", rows, cols)), design)
  d <- design$variables
  list(rows = rows, cols = cols,
       row_options = sort(unique(na.omit(d[[rows]]))), col_options = sort(unique(na.omit(d[[cols]]))),
       f = unname(rs$statistic), ndf = unname(rs$parameter["ndf"]),
       ddf = unname(rs$parameter["ddf"]), p = unname(rs$p.value))
}

rakings <- list()
cases <- list(
  list(name = "a-from-1", fixture = "a", start = "one",
       margins = list(region = c(North = 0.3, South = 0.3, East = 0.25, West = 0.15),
                      size = c(small = 0.4, medium = 0.35, large = 0.25)),
       cap = NA),
  list(name = "a-from-w-three-margins", fixture = "a", start = "w",
       margins = list(region = c(North = 0.25, South = 0.25, East = 0.25, West = 0.25),
                      size = c(small = 0.5, medium = 0.3, large = 0.2),
                      agree = c(yes = 0.4, no = 0.6)),
       cap = NA),
  list(name = "a-from-1-trimmed", fixture = "a", start = "one",
       margins = list(region = c(North = 0.2, South = 0.2, East = 0.3, West = 0.3),
                      size = c(small = 0.4, medium = 0.35, large = 0.25)),
       cap = 2.0),
  list(name = "b-from-w-trimmed", fixture = "b", start = "w",
       margins = list(role = c(engineer = 0.4, scientist = 0.3, manager = 0.2, student = 0.1),
                      remote = c(yes = 0.5, no = 0.5)),
       cap = 3.0)
)
for (case in cases) {
  d <- with_groups(fixtures[[case$fixture]], names(case$margins))
  d$one <- 1
  design <- svydesign(ids = ~1, weights = as.formula(paste0("~", case$start)), data = d)
  raked <- rake_once(design, case$margins)
  iterations <- passes(design, case$margins)
  trimmed <- NA
  if (!is.na(case$cap)) {
    trimmed_design <- trimWeights(raked, upper = case$cap)
    trimmed <- sum(weights(raked, "sampling") > case$cap)
    iterations <- passes(trimmed_design, case$margins)
    raked <- rake_once(trimmed_design, case$margins)
  }
  w <- weights(raked, "sampling")
  # The shares under the raked weights, as a plain weights-only design.
  d$raked <- w
  plain <- svydesign(ids = ~1, weights = ~raked, data = d)
  rakings[[case$name]] <- list(
    fixture = case$fixture, start = case$start,
    # The order matters (each pass post-stratifies in this order) and a JSON
    # object's keys may not keep it.
    margin_order = names(case$margins),
    margins = lapply(case$margins, function(s) list(options = names(s), shares = unname(s))),
    cap = case$cap, trimmed = trimmed, iterations = iterations,
    weights = w,
    shares = shares_of(plain, c(names(case$margins), "role")),
    # A test of independence under the raked weights, as a weights-only
    # design (the raking's own variance correction is not part of it).
    test = rao_scott_of(plain, "role", "remote"))
}

# Shares under the fixtures' own weight column.
column_shares <- lapply(fixtures, function(d)
  shares_of(svydesign(ids = ~1, weights = ~w, data = d), c("region", "size", "role", "agree", "remote")))

# ---- Tests of independence ---------------------------------------------------

chisq_cases <- list(
  list(name = "a-size-by-region", fixture = "a", rows = "size", cols = "region", subset = NA),
  list(name = "a-size-by-region-agree-yes", fixture = "a", rows = "size", cols = "region", subset = "agree == 'yes'"),
  list(name = "a-agree-by-remote", fixture = "a", rows = "agree", cols = "remote", subset = NA),
  list(name = "b-role-by-size", fixture = "b", rows = "role", cols = "size", subset = NA),
  list(name = "b-agree-by-remote-north", fixture = "b", rows = "agree", cols = "remote", subset = "region == 'North'")
)
tests <- list()
for (case in chisq_cases) {
  d <- fixtures[[case$fixture]]
  design <- svydesign(ids = ~1, weights = ~w, data = d)
  in_subset <- rep(TRUE, nrow(d))
  if (!is.na(case$subset)) {
    keep <- eval(parse(text = case$subset), d)
    in_subset <- keep & !is.na(keep)
    design <- subset(design, eval(parse(text = case$subset)))
  }
  f <- as.formula(sprintf("~%s + %s", case$rows, case$cols))
  rs <- svychisq(f, design)
  sub <- d[in_subset, ]
  pe <- suppressWarnings(chisq.test(table(sub[[case$rows]], sub[[case$cols]]), correct = FALSE))
  tests[[case$name]] <- list(
    fixture = case$fixture, rows = case$rows, cols = case$cols,
    row_options = sort(unique(na.omit(d[[case$rows]]))),
    col_options = sort(unique(na.omit(d[[case$cols]]))),
    subset = if (is.na(case$subset)) "" else case$subset,
    in_subset = arr(as.numeric(in_subset)),
    rao_scott = list(f = unname(rs$statistic), ndf = unname(rs$parameter["ndf"]),
                     ddf = unname(rs$parameter["ddf"]), p = unname(rs$p.value)),
    pearson = list(statistic = unname(pe$statistic), df = unname(pe$parameter),
                   p = unname(pe$p.value), min_expected = min(pe$expected)))
}

# ---- Benjamini-Hochberg --------------------------------------------------------

set.seed(7)
p <- c(round(runif(9)^3, 4), 0.01, 0.01, 0.5)
bh <- list(p = p, adjusted = p.adjust(p, "BH"))

# ---- Two editions compared (issue #17) ----------------------------------------

# Fixture a as edition A, fixture b as edition B: per question and option
# (of the options either edition has), the two shares of those who answered,
# prop.test without continuity correction (the two-proportion z test: its
# X-squared is z squared), and p.adjust BH within the question.
editions <- list()
for (q in c("region", "size", "role", "agree", "remote")) {
  a <- na.omit(fixtures$a[[q]]); b <- na.omit(fixtures$b[[q]])
  options <- sort(union(unique(a), unique(b)))
  p <- sapply(options, function(o)
    prop.test(c(sum(a == o), sum(b == o)), c(length(a), length(b)), correct = FALSE)$p.value)
  editions[[q]] <- list(options = options,
                        a_count = arr(unname(sapply(options, function(o) sum(a == o)))), a_base = length(a),
                        b_count = arr(unname(sapply(options, function(o) sum(b == o)))), b_base = length(b),
                        p = arr(unname(p)), q = arr(p.adjust(unname(p), "BH")))
}

out <- list(
  generated_by = sprintf("tests/reference/survey.R, %s, survey %s",
                         R.version.string, as.character(packageVersion("survey"))),
  rakings = rakings, column_shares = column_shares, tests = tests, bh = bh,
  editions = editions)
writeLines(json(out), file.path(dir, "survey.json"))
cat("wrote", file.path(dir, "survey.json"), "\n")
