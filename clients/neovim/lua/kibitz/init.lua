-- kibitz for Neovim 0.7 and later, without nvim-lspconfig:
--   require('kibitz').setup({ settings = { kibitz = { ... } } })
-- Starts one client per root directory (vim.lsp.start_client works on 0.7) and attaches it to every buffer
-- of the listed filetypes.
local M = {}

M.defaults = {
  name = 'kibitz',
  cmd = { 'kibitz', '--stdio' },
  filetypes = { 'sh', 'bash', 'zsh', 'dockerfile', 'make', 'yaml', 'markdown', 'json', 'gitcommit' },
  root_markers = { '.kibitz.json', '.git' },
  settings = { kibitz = {} },
}

local clients = {}

local function root_dir(bufnr, markers)
  local name = vim.api.nvim_buf_get_name(bufnr)
  local dir = vim.fn.fnamemodify(name, ':p:h')
  -- COMMIT_EDITMSG lives in .git/: its repository is the parent of .git
  local git = dir:match('^(.*)/%.git$') or dir:match('^(.*)/%.git/worktrees/[^/]+$')
  if git then return git end
  local found = vim.fn.finddir('.git', dir .. ';')
  for _, m in ipairs(markers) do
    local f = vim.fn.findfile(m, dir .. ';')
    if f ~= '' then return vim.fn.fnamemodify(f, ':p:h') end
    local d = vim.fn.finddir(m, dir .. ';')
    if d ~= '' then return vim.fn.fnamemodify(d, ':p:h:h') end
  end
  if found ~= '' then return vim.fn.fnamemodify(found, ':p:h:h') end
  return dir
end

function M.attach(bufnr, opts)
  local root = root_dir(bufnr, opts.root_markers)
  local id = clients[root]
  if not id or not vim.lsp.get_client_by_id(id) then
    id = vim.lsp.start_client({
      name = opts.name,
      cmd = opts.cmd,
      root_dir = root,
      settings = opts.settings,
      -- your configuration is user configuration: the server takes the model, key and log file only from here
      init_options = next(opts.settings.kibitz or {}) and opts.settings.kibitz or vim.empty_dict(),
      on_attach = function(client, b)
        -- completion (<C-x><C-o>) works without further setup, e.g. commit message drafts
        if vim.bo[b].omnifunc == '' then vim.bo[b].omnifunc = 'v:lua.vim.lsp.omnifunc' end
        if opts.on_attach then opts.on_attach(client, b) end
      end,
      capabilities = opts.capabilities,
    })
    clients[root] = id
  end
  if id then vim.lsp.buf_attach_client(bufnr, id) end
  return id
end

--- Ask the docs: the answer opens in a floating window; <CR> on a line opens its citation.
function M.ask(question, done) return require('kibitz.ask').ask(question, done) end

function M.setup(user)
  local opts = vim.tbl_deep_extend('force', M.defaults, user or {})
  vim.api.nvim_create_user_command('KibitzAsk', function(a)
    M.ask(a.args ~= '' and a.args or vim.fn.input('Ask the docs: '))
  end, { nargs = '*', desc = "kibitz: ask this repository's docs" })
  local group = vim.api.nvim_create_augroup('kibitz', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = opts.filetypes,
    callback = function(args) M.attach(args.buf, opts) end,
  })
  return opts
end

return M
