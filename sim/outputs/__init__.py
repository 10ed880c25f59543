"""What a run gives its reader: the figures (``plots``), the report page (``report``, with the
template in ``templates/``) and the two languages (``i18n``). Outputs see results only.
``files`` writes every command's files whole or not at all.
"""
