"""The words of the window: the core gives codes and values, these modules give translated
sentences (``QCoreApplication.translate``; the Korean ones live in ondol_ko.ts)."""
