# Ondol's QtCore hook: PyInstaller's own collection, with Qt's translations only for the
# languages Ondol speaks (Korean; English needs none): the rest are 7 MB.
from pathlib import PurePath

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)

_LANGUAGES = ("ko",)

datas = [(source, destination) for source, destination in datas
         if not source.endswith(".qm") or PurePath(source).stem.rsplit("_", 1)[-1] in _LANGUAGES]
