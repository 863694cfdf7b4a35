"""The trainer's toolkit: a whole class from roster to grades, one command per step.

    rumbo classroom init DIR --roster alumnos.csv   class folder, nbgrader config, gradebook
    rumbo classroom personalize DIR                 a workbook per learner (papermill)
    rumbo classroom release DIR ASSIGNMENT          a folder and a zip per learner
    rumbo classroom collect DIR SOURCE ASSIGNMENT   hand-ins matched to learners, nothing lost
    rumbo classroom grade DIR ASSIGNMENT            nbgrader in parallel, each kernel caged
    rumbo classroom feedback DIR ASSIGNMENT         nbgrader's HTML without hidden tests + summary
    rumbo classroom report DIR                      grades CSV and a class dashboard

Modules: ``folder`` (the class folder and its nbgrader config), ``roster``,
``personalize``, ``release``, ``collect``, ``diagnose`` (what is wrong with a
hand-in before it runs), ``grade`` (the parallel autograder), ``worker`` and
``jaula`` (the process that runs nbgrader and the cage its kernels run in),
``cgroups`` (memory and process caps of a whole submission), ``spreadsheet``
(CSV files with no live formula), ``pages`` (HTML pages with no script),
``preprocessors`` (nbgrader preprocessors the class config names),
``feedback``, ``report`` and ``cli``. Every message is Spanish through
:func:`rumbo.core.i18n._`; the English catalog is ``locale/en/LC_MESSAGES/classroom.po``.
"""
