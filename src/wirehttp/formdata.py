"""wirehttp.formdata: FormData."""

from ._body.formdata import FormData as FormData

__all__ = ("FormData",)
