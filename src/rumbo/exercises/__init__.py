"""The autograded questions of each exercise, one module per exercise (``exNN``).

Every module has ``questions(business)``: Question objects whose expected values
are computed from that business's bundled data, so a personalised workbook
(papermill ``-p business ...``) is graded against its own numbers.
"""
