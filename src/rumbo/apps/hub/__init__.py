"""A workshop room: ``rumbo hub start CLASS_DIR`` runs a JupyterHub for a class.

    rumbo hub start DIR [--ip 127.0.0.1] [--port 8000]   the hub, until Ctrl-C
    rumbo hub codes DIR [--solo ID,ID]                    one-time sign-in codes

Modules, one idea each:

``state``         where the hub of a class keeps its files; roster id -> hub and Unix names
``accounts``      one-time codes and chosen passwords (scrypt, SQLite)
``authenticator`` JupyterHub's sign-in through ``accounts``, roster ids only
``users``         the learners' Unix users and their homes (course, app, plan)
``workbooks``     the course notebooks personalised for each example business
``runtime``       the Python the learners' servers run (one every Unix user can execute)
``exchange``      nbgrader's exchange, made private: release, collect, feedback
``limits``        memory cap and fair CPU share per learner (cgroups)
``spawner``       each server as its learner's Unix user, inside its limits
``config``        the JupyterHub configuration and the learners' Jupyter settings
``pages``         the hub's pages in Spanish (JupyterHub's templates overridden)
``cli``           the ``rumbo hub`` command
"""
