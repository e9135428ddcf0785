"""PDFium's C functions for the loops that run once per character or page object.

pypdfium2's bindings declare each function's argument types, and ctypes then
converts and checks every argument of every call: about half of a call's
cost, and a page makes thousands (four calls a character, two or more an
object). The functions here are the same C functions taken by address with
only their return type declared, so ctypes passes a `c_void_p`, a pointer
instance, a `byref()` and an int (as a C int) as they are. That also lets a
call write straight into a ctypes array (`byref(array, offset)`).

Nothing checks the arguments, so each function is called with exactly the
arguments its comment names, and handles stay `Handle` (a `c_void_p` subclass,
which ctypes returns as it is rather than as a Python int that would be passed
back as a 32-bit C int). Signatures from PDFium's public headers
(fpdf_text.h, fpdf_edit.h).
"""
from __future__ import annotations

import ctypes

import pypdfium2.raw as pdfium_c


class Handle(ctypes.c_void_p):
    """A PDFium object, path segment or font handle as these functions return it (false when NULL)."""


def handle(pointer) -> Handle:
    """A pypdfium2 handle (a typed pointer, e.g. `textpage.raw`) as a `Handle`."""
    return Handle(ctypes.cast(pointer, ctypes.c_void_p).value)


def _by_address(function, restype=ctypes.c_int):
    return ctypes.CFUNCTYPE(restype)(ctypes.cast(function, ctypes.c_void_p).value)


# characters of a text page: (textpage, index, ...)
LOOSE_CHAR_BOX = _by_address(pdfium_c.FPDFText_GetLooseCharBox)  # (tp, i, FS_RECTF*) -> bool
CHAR_MATRIX = _by_address(pdfium_c.FPDFText_GetMatrix)  # (tp, i, FS_MATRIX*) -> bool
CHAR_FONT_SIZE = _by_address(pdfium_c.FPDFText_GetFontSize, ctypes.c_double)  # (tp, i) -> points
CHAR_ORIGIN = _by_address(pdfium_c.FPDFText_GetCharOrigin)  # (tp, i, double* x, double* y) -> bool

# page objects
PAGE_COUNT_OBJECTS = _by_address(pdfium_c.FPDFPage_CountObjects)  # (page) -> int
PAGE_GET_OBJECT = _by_address(pdfium_c.FPDFPage_GetObject, Handle)  # (page, i) -> object
FORM_COUNT_OBJECTS = _by_address(pdfium_c.FPDFFormObj_CountObjects)  # (form object) -> int
FORM_GET_OBJECT = _by_address(pdfium_c.FPDFFormObj_GetObject, Handle)  # (form object, i) -> object
OBJECT_TYPE = _by_address(pdfium_c.FPDFPageObj_GetType)  # (object) -> FPDF_PAGEOBJ_*
OBJECT_BOUNDS = _by_address(pdfium_c.FPDFPageObj_GetBounds)  # (object, float* l, b, r, t) -> bool
OBJECT_MATRIX = _by_address(pdfium_c.FPDFPageObj_GetMatrix)  # (object, FS_MATRIX*) -> bool
TEXT_FONT_SIZE = _by_address(pdfium_c.FPDFTextObj_GetFontSize)  # (text object, float*) -> bool
TEXT_FONT_ADDRESS = _by_address(pdfium_c.FPDFTextObj_GetFont, ctypes.c_void_p)  # (text object) -> font, as an int
FONT_IS_EMBEDDED = _by_address(pdfium_c.FPDFFont_GetIsEmbedded)  # (font) -> int (-1 on error)

# paths
PATH_DRAW_MODE = _by_address(pdfium_c.FPDFPath_GetDrawMode)  # (path, int* fill, int* stroke) -> bool
PATH_COUNT_SEGMENTS = _by_address(pdfium_c.FPDFPath_CountSegments)  # (path) -> int
PATH_SEGMENT = _by_address(pdfium_c.FPDFPath_GetPathSegment, Handle)  # (path, i) -> segment
SEGMENT_POINT = _by_address(pdfium_c.FPDFPathSegment_GetPoint)  # (segment, float* x, float* y) -> bool
SEGMENT_TYPE = _by_address(pdfium_c.FPDFPathSegment_GetType)  # (segment) -> FPDF_SEGMENT_*
SEGMENT_CLOSES = _by_address(pdfium_c.FPDFPathSegment_GetClose)  # (segment) -> bool
