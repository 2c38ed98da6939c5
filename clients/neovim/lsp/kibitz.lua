-- kibitz for Neovim >= 0.11 (vim.lsp.config / nvim-lspconfig's lsp/<name>.lua format).
-- Put this directory on 'runtimepath' (or copy this file to ~/.config/nvim/lsp/), then: vim.lsp.enable('kibitz')
return {
  cmd = { 'kibitz', '--stdio' },
  filetypes = { 'sh', 'bash', 'zsh', 'dockerfile', 'make', 'yaml', 'markdown', 'json', 'gitcommit' },
  root_markers = { '.kibitz.json', '.git' },
  settings = {
    kibitz = {
      -- Every setting of server/src/config/schema.ts can go here, e.g.:
      -- risk = { disabledRules = {}, severity = {} },
      -- model = { baseURL = 'http://127.0.0.1:11434/v1', chatModel = 'llama3.1' },
    },
  },
  -- Your configuration is user configuration: it is also sent as initializationOptions, the only place the
  -- server takes the model endpoint, key, log file and feedback database from (workspace/configuration
  -- answers can be assembled from project files, so the server ignores those settings there).
  before_init = function(params, config)
    local kibitz = (config.settings or {}).kibitz or {}
    params.initializationOptions = vim.tbl_deep_extend('force', params.initializationOptions or {}, kibitz)
    if vim.tbl_isempty(params.initializationOptions) then params.initializationOptions = vim.empty_dict() end
  end,
}
