"""The Qt binding keeps Python's reference counts: PySide6 6.12.0 on Python 3.11 dropped a
reference to None on every call of a method that returns nothing, and a display running
a few minutes then aborted with "deallocating None" (and at every exit)."""

import sys

from PySide6.QtWidgets import QLabel


def test_calling_qt_methods_that_return_nothing_leaves_none_alone(qapp):
    label = QLabel()
    before = sys.getrefcount(None)
    for n in range(20_000):
        label.setText(str(n))
        label.updateGeometry()
    # A real leak is 40,000 references; allow for unrelated Nones coming and going.
    assert before - sys.getrefcount(None) < 1_000
