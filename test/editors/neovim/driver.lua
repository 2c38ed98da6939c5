-- Drives a headless Neovim through what a user does with kibitz, using only Neovim's own LSP client and the
-- clients/neovim setup module, and writes what the user would see to $KIBITZ_TEST_OUT as JSON.
-- Run with: nvim --headless --clean -c 'luafile driver.lua'
local repo = os.getenv('KIBITZ_TEST_REPO')
local out_file = os.getenv('KIBITZ_TEST_OUT')
local out = { steps = {}, errors = {} }

vim.opt.runtimepath:append(os.getenv('KIBITZ_CLIENT_DIR'))
require('kibitz').setup({ cmd = vim.fn.json_decode(os.getenv('KIBITZ_SERVER_CMD')) })

local function wait(ms, fn) return vim.wait(ms, fn, 50) end

local function lines(buf) return vim.api.nvim_buf_get_lines(buf, 0, -1, false) end

local function open(file)
  vim.cmd('edit ' .. vim.fn.fnameescape(repo .. '/' .. file))
  local buf = vim.api.nvim_get_current_buf()
  local attached = wait(20000, function()
    for _, c in pairs(vim.lsp.buf_get_clients(buf)) do
      if c.name == 'kibitz' and c.initialized then return true end
    end
    return false
  end)
  return buf, attached
end

-- put the cursor on the first occurrence of `needle` (plus `delta` columns)
local function cursor_at(buf, needle, delta)
  for i, l in ipairs(lines(buf)) do
    local s = l:find(needle, 1, true)
    if s then
      vim.api.nvim_win_set_cursor(0, { i, s - 1 + (delta or 0) })
      return true
    end
  end
  error('not in buffer: ' .. needle)
end

-- K: the floating window Neovim opens for textDocument/hover, read back as the user sees it
local function hover()
  vim.lsp.buf.hover()
  local text
  wait(15000, function()
    for _, w in ipairs(vim.api.nvim_list_wins()) do
      if vim.api.nvim_win_get_config(w).relative ~= '' then
        text = table.concat(lines(vim.api.nvim_win_get_buf(w)), '\n')
        vim.api.nvim_win_close(w, true)
        return true
      end
    end
    return false
  end)
  return text
end

local function diagnostics(buf)
  wait(15000, function() return #vim.diagnostic.get(buf) > 0 end)
  local ds = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(ds, { message = d.message, code = d.code, line = d.lnum, col = d.col, severity = d.severity, source = d.source })
  end
  return ds
end

-- vim.lsp.buf.code_action() with vim.ui.select answered by picking the first title that contains `wanted`
local function code_action(buf, wanted)
  local titles, picked = {}, nil
  local before = table.concat(lines(buf), '\n')
  vim.ui.select = function(items, opts, on_choice)
    local choice
    for _, item in ipairs(items) do
      local title = opts.format_item(item)
      table.insert(titles, title)
      if not choice and title:find(wanted, 1, true) then choice = item end
    end
    picked = choice and opts.format_item(choice) or nil
    on_choice(choice)
  end
  vim.lsp.buf.code_action()
  wait(15000, function() return table.concat(lines(buf), '\n') ~= before end)
  return { titles = titles, picked = picked, before = before, after = table.concat(lines(buf), '\n') }
end

local function completion(buf, line, character)
  local params = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = line, character = character } }
  local res = vim.lsp.buf_request_sync(buf, 'textDocument/completion', params, 20000) or {}
  local items = {}
  for _, r in pairs(res) do
    local list = r.result and (r.result.items or r.result) or {}
    for _, it in ipairs(list) do
      local text = it.textEdit and it.textEdit.newText or it.insertText or it.label
      table.insert(items, { label = it.label, detail = it.detail, text = text })
    end
  end
  return items
end

local function step(name, fn)
  local ok, err = pcall(function() out.steps[name] = fn() end)
  if not ok then table.insert(out.errors, name .. ': ' .. tostring(err)) end
end

-- a file with shell in it: hover a flag, read the diagnostics, apply the quick fix picked by its title
local function shell_file(file, hover_at, hover_delta, fix_at, fix_delta, fix_title)
  return function()
    local buf, attached = open(file)
    local r = { mode = vim.bo[buf].filetype, attached = attached }
    cursor_at(buf, hover_at, hover_delta)
    r.hover = hover()
    r.diagnostics = diagnostics(buf)
    cursor_at(buf, fix_at, fix_delta)
    r.action = code_action(buf, fix_title)
    return r
  end
end

step('script', shell_file('deploy.sh', '-xzf', 1, '--force', 0, '--force-with-lease'))
step('dockerfile', shell_file('Dockerfile', '-xzf', 2, '| sh', 2, 'verify its checksum'))

step('commit', function()
  local buf, attached = open('.git/COMMIT_EDITMSG')
  local r = { mode = vim.bo[buf].filetype, attached = attached }
  r.completion = completion(buf, 0, 0)
  return r
end)

-- <CR> on the first line of the answer float that matches `pattern`: where it leads (file, line, text)
local function follow(float_lines, pattern)
  for i, l in ipairs(float_lines) do
    if l:match(pattern) then
      vim.api.nvim_win_set_cursor(0, { i, 0 })
      break
    end
  end
  vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes('<CR>', true, false, true), 'x', false)
  return { file = vim.api.nvim_buf_get_name(0), line = vim.api.nvim_win_get_cursor(0)[1], text = vim.api.nvim_get_current_line() }
end

-- :KibitzAsk: the answer in a floating window; <CR> on the citation opens the cited file at the cited line
step('ask', function()
  open('deploy.sh')
  vim.cmd('KibitzAsk how do I rollback a deploy?')
  wait(30000, function() return vim.api.nvim_win_get_config(0).relative ~= '' end)
  local r = { float = vim.api.nvim_win_get_config(0).relative ~= '', lines = lines(0) }
  -- the user says it helped, then opens the citation
  vim.api.nvim_feedkeys('+', 'x', false)
  r.jumped = follow(r.lines, '→')
  return r
end)

-- a question only the history answers: the float cites the commit, and <CR> opens its message at the line
step('ask_history', function()
  vim.fn.writefile({ 'FROM debian:12@sha256:0000' }, repo .. '/base.txt')
  vim.fn.system({ 'git', '-C', repo, 'add', 'base.txt' })
  vim.fn.system({ 'git', '-C', repo, 'commit', '-q', '--only', 'base.txt', '-m', 'Pin the base image\n\nThe upstream latest tag broke the build twice; a digest keeps builds repeatable.' })
  local sha = vim.trim(vim.fn.system({ 'git', '-C', repo, 'rev-parse', '--short', 'HEAD' }))
  open('deploy.sh')
  vim.cmd('KibitzAsk why is the base image pinned to a digest?')
  wait(30000, function() return vim.api.nvim_win_get_config(0).relative ~= '' end)
  local r = { sha = sha, lines = lines(0) }
  r.jumped = follow(r.lines, 'builds repeatable')
  return r
end)

-- clients/neovim/lsp/kibitz.lua (the 0.11+ / nvim-lspconfig format) loads and agrees with the setup module
step('lspconfig', function()
  local cfg = dofile(os.getenv('KIBITZ_CLIENT_DIR') .. '/lsp/kibitz.lua')
  local defaults = require('kibitz').defaults
  -- before_init copies your settings into initializationOptions (the only place the server takes the model from)
  local params = {}
  cfg.before_init(params, { settings = { kibitz = { model = { chatModel = 'm' } } } })
  local empty = {}
  cfg.before_init(empty, { settings = { kibitz = {} } })
  local plain = { cmd = cfg.cmd, filetypes = cfg.filetypes, root_markers = cfg.root_markers, settings = cfg.settings }
  return { cfg = plain, init_options = params.initializationOptions, empty_is_object = vim.fn.json_encode(empty.initializationOptions) == '{}', setup_filetypes = defaults.filetypes, setup_root_markers = defaults.root_markers }
end)

vim.fn.writefile({ vim.fn.json_encode(out) }, out_file)
vim.cmd('qa!')
